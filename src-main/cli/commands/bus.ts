// `praxis bus`: servo-bus tools — scan, ping, read/write any register, change ID or baud, monitor packets.

import { parseArgs } from 'node:util';
import {
  changeServoBaud,
  changeServoId,
  createServoBus,
  DynamixelParser,
  dynamixelFrameText,
  FeetechParser,
  feetechFrameText,
  openPort,
  parseIdList,
  registerRange,
  STS_CONTROL_TABLE,
  scanBus,
  X_CONTROL_TABLE,
} from '../../robot';
import { printTable } from './ports';

const HELP = `Usage: praxis bus <action> --port PATH --protocol feetech|dynamixel [options]

Actions:
  scan                    find servos: every ID at every baud rate, with model numbers
  ping --id N             one servo's model
  read --id N --register NAME | --address A --length L
  write --id N --register NAME --value V
  set-id --id N --new-id M         change a servo's ID (refuses if M is taken)
  set-baud --id N --new-baud B     change a servo's baud rate
  registers               list the control table (no port needed)
  monitor [--seconds S]   print every packet heard on the port

Options:
  --port PATH       serial device (/dev/ttyACM0, COM3) or tcp://host:port
  --protocol P      feetech (SO-100/SO-101, default) or dynamixel (Koch)
  --baud B          line rate, default 1000000 (scan: comma list, default all the protocol's rates)
  --ids LIST        scan only these IDs, e.g. 1-10 (default 0-252)
  --json            machine-readable output
  -h, --help`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      protocol: { type: 'string', default: 'feetech' },
      baud: { type: 'string' },
      ids: { type: 'string' },
      id: { type: 'string' },
      'new-id': { type: 'string' },
      'new-baud': { type: 'string' },
      register: { type: 'string' },
      address: { type: 'string' },
      length: { type: 'string' },
      value: { type: 'string' },
      seconds: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const action = positionals[0];
  if (values.help || !action) {
    console.log(HELP);
    return values.help ? 0 : 2;
  }
  const protocol = values.protocol === 'dynamixel' ? 'dynamixel' : values.protocol === 'feetech' ? 'feetech' : null;
  if (!protocol) return usageError(`unknown protocol "${values.protocol}"; use feetech or dynamixel`);
  const table = protocol === 'dynamixel' ? X_CONTROL_TABLE : STS_CONTROL_TABLE;
  const out = (human: () => void, data: unknown) => (values.json ? console.log(JSON.stringify(data, null, 2)) : human());

  if (action === 'registers') {
    const rows = Object.entries(table).map(([name, r]) => {
      const { min, max } = registerRange(r);
      return [name, String(r.address), String(r.size), r.area, r.writable ? 'rw' : 'r', r.encoding.kind === 'signMagnitude' ? `sign bit ${r.encoding.signBit}` : r.encoding.kind, `${min}..${max}`];
    });
    out(() => printTable(['REGISTER', 'ADDR', 'SIZE', 'AREA', 'ACCESS', 'ENCODING', 'RANGE'], rows), table);
    return 0;
  }
  if (!values.port) return usageError('--port is required (see `praxis ports`)');
  const bauds = values.baud ? values.baud.split(',').map(Number) : undefined;
  const baud = bauds?.[0] ?? 1_000_000;
  const transport = await openPort(values.port, baud);
  try {
    if (action === 'scan') {
      const ids = values.ids ? parseIdList(values.ids) : undefined;
      // Ctrl-C cancels the scan cleanly (the port is closed in `finally`).
      const abort = new AbortController();
      const onInt = () => abort.abort();
      process.once('SIGINT', onInt);
      const found = await scanBus(transport, {
        protocol,
        baudRates: bauds,
        ids,
        signal: abort.signal,
        onProgress: values.json ? undefined : (done, total) => process.stderr.write(`\rscanning ${done}/${total}`),
      }).finally(() => process.off('SIGINT', onInt));
      if (!values.json) process.stderr.write('\n');
      out(() => {
        if (!found.length) {
          console.log('No servos answered. Check servo power (USB alone does not power the bus), the cable, and the protocol.');
          return;
        }
        printTable(
          ['ID', 'BAUD', 'MODEL', 'NUMBER', 'NOTE'],
          found.map((f) => [String(f.id), String(f.baudRate), f.modelName, String(f.model), f.suspectedDuplicate ? 'garbled replies: two servos may share this ID' : '']),
        );
      }, found);
      return found.some((f) => f.suspectedDuplicate) ? 1 : 0;
    }
    if (action === 'monitor') {
      const t0 = performance.now();
      const stamp = () => ((performance.now() - t0) / 1000).toFixed(4);
      const show = (text: string, frame: unknown) =>
        values.json ? console.log(JSON.stringify({ t: Number(stamp()), text, frame })) : console.log(`${stamp()}  ${text}`);
      const parser =
        protocol === 'dynamixel'
          ? new DynamixelParser((f) => show(dynamixelFrameText(f), { ...f, params: Array.from(f.params) }))
          : new FeetechParser((f) => show(feetechFrameText(f), { ...f, params: Array.from(f.params) }));
      transport.onData((b) => parser.push(b));
      if (!values.json) console.error(`listening on ${transport.description}; Ctrl-C to stop`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        if (values.seconds) setTimeout(resolve, Number(values.seconds) * 1000);
        transport.onClose(() => resolve());
      });
      if (!values.json) console.error(`${parser.stats.frames} packets, ${parser.stats.droppedBytes} bytes of noise`);
      await transport.close();
      return 0;
    }
    const bus = createServoBus(protocol, transport);
    const id = Number(values.id);
    if (values.id === undefined || !Number.isInteger(id)) return usageError('--id N is required');
    switch (action) {
      case 'ping': {
        const who = await bus.ping(id);
        out(() => console.log(`servo ${who.id}: ${who.modelName} (model ${who.model})`), who);
        return 0;
      }
      case 'read': {
        if (values.register) {
          const v = await bus.read(id, values.register);
          out(() => console.log(`${values.register} = ${v}`), { id, register: values.register, value: v });
        } else {
          const bytes = await bus.readBytes(id, Number(values.address), Number(values.length ?? 1));
          out(() => console.log(Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ')), { id, bytes: Array.from(bytes) });
        }
        return 0;
      }
      case 'write': {
        if (!values.register || values.value === undefined) return usageError('write needs --register NAME --value V');
        await bus.write(id, values.register, Number(values.value));
        out(() => console.log(`${values.register} of servo ${id} set to ${values.value}`), { ok: true });
        return 0;
      }
      case 'set-id': {
        const who = await changeServoId(bus, id, Number(values['new-id']));
        out(() => console.log(`servo now answers as ID ${who.id} (${who.modelName})`), who);
        return 0;
      }
      case 'set-baud': {
        const who = await changeServoBaud(bus, id, Number(values['new-baud']));
        out(() => console.log(`servo ${who.id} now runs at ${values['new-baud']} baud`), who);
        return 0;
      }
      default:
        return usageError(`unknown action "${action}"`);
    }
  } finally {
    await transport.close();
  }
}

function usageError(message: string): number {
  console.error(`praxis bus: ${message}\nRun \`praxis bus --help\` for the options.`);
  return 2;
}
