// `praxis ports`: list serial ports with their USB identity and what is probably behind them.

import { parseArgs } from 'node:util';
import { listPorts } from '../../robot';

const HELP = `Usage: praxis ports [--json]

Lists serial ports with USB vendor:product and a hint of the hardware behind them
(CH340/CH343 → Feetech/Waveshare servo board, FTDI/U2D2 → Dynamixel, Arduino, ESP32, Teensy…).

Options:
  --json    machine-readable output
  -h, --help`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const ports = await listPorts();
  if (values.json) {
    console.log(JSON.stringify(ports, null, 2));
    return 0;
  }
  if (!ports.length) {
    console.log('No serial ports found. Plug in the servo board (and on Linux check `dmesg | tail` for the device name).');
    return 0;
  }
  printTable(
    ['PORT', 'USB ID', 'MANUFACTURER', 'PROBABLY'],
    ports.map((p) => [p.path, p.vendorId ? `${p.vendorId}:${p.productId ?? '????'}` : '-', p.manufacturer ?? '-', p.hint]),
  );
  return 0;
}

export function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  console.log(line(head));
  for (const r of rows) console.log(line(r));
}
