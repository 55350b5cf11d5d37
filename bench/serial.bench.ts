// Part 1, the servo's deadline: SDK-style single requests (ping / read, wait for the status packet) to
// `praxis sim` with MuJoCo physics over a socat pty pair and over the sim's own pty (`--pty`), quiet and
// beside 2 busy loops (scripts/busy.mjs):
// latency p50/p99/max and replies later than 30 ms (the vendors' SDKs give up at ~34 ms), then the sim's
// CPU when nobody talks to it. The reference, measured in the same run, is the older responder on the
// physics thread's event loop (`--responder event-loop`).
//
// Part 2: joint-state rate and cycle latency of a 6-servo sync read (position + velocity) over a real pty at
// 1 Mbaud, through the studio's serialport transport and Feetech/Dynamixel drivers, against `praxis sim`
// running in its own process. Printed beside the bus's theoretical bound (bytes on the wire at 8N1) and
// beside the same driver over an in-memory cable measured in this run.
// The memory-cable row's CPU includes the virtual servos (same process); the pty row's is the driver alone.
// Run: npm run bench -- serial [--requests=10000] [--idle-seconds=20] [--seconds=5] [--deadline-only]

import { type ChildProcess, spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createServoBus } from '../src-main/robot/buses/createBus';
import { JointIo } from '../src-main/robot/buses/jointIo';
import { defaultMapping } from '../src-main/robot/buses/jointMapping';
import type { BusProtocol } from '../src-main/robot/buses/servoBus';
import { memoryCable } from '../src-main/robot/transports/memory';
import { openPtyPair, removePtyDir, socatAvailable } from '../src-main/robot/transports/ptyPair';
import { openSerialTransport } from '../src-main/robot/transports/serial';
import type { Transport } from '../src-main/robot/transports/transport';
import { KinematicJointSource, virtualArmOnTransport } from '../src-main/sim/servo-bus';
import { type DeadlineFigures, measureDeadline, processCpuPercent } from './servo-deadline';

const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const SECONDS = Number(flag('seconds') ?? 5);
const REQUESTS = Number(flag('requests') ?? 10_000);
const IDLE_SECONDS = Number(flag('idle-seconds') ?? 20);
const busyScript = fileURLToPath(new URL('../scripts/busy.mjs', import.meta.url));
const BAUD = 1_000_000;
const IDS = [1, 2, 3, 4, 5, 6];
const simModule = fileURLToPath(new URL('../src-main/cli/commands/sim.ts', import.meta.url));

/** Wire bytes of one sync-read cycle: the request plus six status packets (or one, for FAST_SYNC_READ). */
function cycleBytes(protocol: BusProtocol, fast = false): number {
  const n = IDS.length;
  if (fast) return 14 + n + 10 + n * (4 + 8) - 2; // one status: header(7)+inst+[err id data(8) crc(2)]×n, last crc is the packet's
  return protocol === 'feetech'
    ? 8 + n + n * (6 + 4) // FF FF FE LEN 82 ADDR LEN ids… CHK; each reply FF FF ID LEN ERR data(4) CHK
    : 14 + n + n * (11 + 8); // header(7)+inst+addr(2)+len(2)+ids+crc(2); replies header(7)+inst+err+data(8)+crc(2)
}

async function measure(transport: Transport, protocol: BusProtocol, seconds: number, fastSyncRead = false) {
  // 50 ms as the studio uses: on a loaded machine a 20 ms deadline is missed by scheduling alone.
  const bus = createServoBus(protocol, transport, { timeoutMs: 50, retries: 2, fastSyncRead });
  const io = new JointIo(bus, IDS, IDS.map(() => defaultMapping()));
  const pos = new Float64Array(6);
  const vel = new Float64Array(6);
  for (let i = 0; i < 50; i++) await io.readState(pos, vel).catch(() => {}); // warm up JIT and the pty
  const lat: number[] = [];
  let errors = 0;
  // CPU the driver side spends per cycle: unlike latency, barely moved by other load on the machine.
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    const a = performance.now();
    try {
      await io.readState(pos, vel);
      lat.push(performance.now() - a);
    } catch {
      errors++;
    }
  }
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuUs = (cpu.user + cpu.system) / Math.max(1, lat.length + errors);
  lat.sort((x, y) => x - y);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
  await bus.close();
  return { hz: lat.length / elapsed, p50: q(0.5), p99: q(0.99), max: lat[lat.length - 1], errors, cycles: lat.length, cpuUs };
}

/** `praxis sim` on `path` (null: `--pty`, the sim's own pty); resolves once it serves, with the device clients open. */
async function startSimOn(path: string | null, protocol: BusProtocol, extra: string[]): Promise<{ child: ChildProcess; clientPath: string }> {
  const where = path === null ? ['--pty'] : ['--serial', path];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', `const m = await import(${JSON.stringify(simModule)}); process.exitCode = await m.run(process.argv.slice(1));`, '--', ...where, '--protocol', protocol, ...extra],
    // stderr piped, not inherited: an orphaned sim must not hold the caller's terminal or pipe open.
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  live.add(child);
  child.once('exit', () => live.delete(child));
  child.stderr?.on('data', (b) => process.stderr.write(b));
  let out = '';
  child.stdout?.on('data', (b) => {
    out += b;
  });
  const deadline = Date.now() + 60_000;
  while (!out.includes('Ctrl-C')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`praxis sim did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, clientPath: path ?? (out.match(/Clients connect to: (\S+)/)?.[1] as string) };
}

async function startSim(path: string, protocol: BusProtocol, extra = ['--physics', 'kinematic']): Promise<ChildProcess> {
  return (await startSimOn(path, protocol, extra)).child;
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await done;
}

const fmt = (x: number) => x.toFixed(2).padStart(7);

/** Sim processes still running, ended however the bench ends. */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

/** Two busy loops for as long as the measurement runs; resolves once they are spinning. */
async function busyLoops(): Promise<ChildProcess> {
  const busy = spawn(process.execPath, [busyScript, '--loops', '2', '--seconds', '3600'], { stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(busy);
  busy.once('exit', () => live.delete(busy));
  await new Promise<void>((resolve) => busy.stderr?.once('data', () => resolve()));
  return busy;
}

type Responder = 'event-loop' | 'thread' | 'thread, own pty';

async function deadlineRows(protocol: BusProtocol, responder: Responder, watchIdle: boolean) {
  const pair = responder === 'thread, own pty' ? null : await openPtyPair();
  const { child: sim, clientPath } = await startSimOn(pair?.a ?? null, protocol, ['--physics', 'mujoco', '--responder', responder === 'event-loop' ? 'event-loop' : 'thread']);
  try {
    measureDeadline(clientPath, protocol, { count: 200 }); // warm up both ends
    const quiet = measureDeadline(clientPath, protocol, { count: REQUESTS });
    const busy = await busyLoops();
    let loaded: DeadlineFigures;
    try {
      loaded = measureDeadline(clientPath, protocol, { count: REQUESTS });
    } finally {
      await stop(busy);
    }
    if (!watchIdle || !sim.pid) return { quiet, loaded, idleCpu: null };
    // Nobody talks now: give the sim its 2 s to fall asleep (the arm is at rest), then watch it.
    await new Promise((r) => setTimeout(r, 3000));
    return { quiet, loaded, idleCpu: await processCpuPercent(sim.pid, IDLE_SECONDS) };
  } finally {
    await stop(sim);
    if (pair) {
      await pair.close();
      removePtyDir(pair);
    }
  }
}

async function deadline() {
  console.log(`The servo's deadline: ${REQUESTS} SDK-style requests (ping / read Present_Position, one at a time) per row,`);
  console.log('to `praxis sim` (MuJoCo physics) at 1 Mbaud, over a socat pty pair or the sim\'s own pty (`--pty`).');
  console.log('late = status packet after 30 ms (SDKs give up at ~34 ms). Reference: the older event-loop responder, same run.');
  console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} on this machine before the run\n`);
  console.log('protocol   responder         pty    load           p50 ms   p99 ms   max ms   late  lost   idle CPU % of a core');
  const line = (protocol: string, responder: Responder, load: string, r: DeadlineFigures, cpu: number | null) =>
    console.log(
      `${protocol.padEnd(10)} ${responder.replace(', own pty', '').padEnd(17)} ${(responder.endsWith('own pty') ? 'own' : 'socat').padEnd(6)} ${load.padEnd(13)} ${fmt(r.p50)}  ${fmt(r.p99)}  ${fmt(r.max)}  ${String(r.late).padStart(5)} ${String(r.lost).padStart(5)}   ${cpu === null ? '' : `${cpu.toFixed(2).padStart(6)} (over ${IDLE_SECONDS} s)`}`,
    );
  for (const protocol of ['feetech', 'dynamixel'] as const) {
    const rows: Array<[Responder, Awaited<ReturnType<typeof deadlineRows>>]> = [];
    for (const responder of ['event-loop', 'thread', 'thread, own pty'] as const) {
      const r = await deadlineRows(protocol, responder, responder !== 'thread');
      rows.push([responder, r]);
      line(protocol, responder, 'quiet', r.quiet, null);
      line(protocol, responder, '2 busy loops', r.loaded, r.idleCpu);
    }
    const reference = rows[0][1];
    for (const [responder, r] of rows.slice(1)) {
      const goal = r.loaded.p99 <= 5 && r.loaded.late === 0 && r.loaded.lost === 0 && (r.idleCpu ?? 0) <= 5;
      console.log(
        `${protocol.padEnd(10)} ${responder} ÷ event-loop under load: p99 ×${(r.loaded.p99 / reference.loaded.p99).toFixed(2)}, max ×${(r.loaded.max / reference.loaded.max).toFixed(2)}; ` +
          `goal (p99 ≤ 5 ms, none late, idle ≤ 5 %): ${goal ? 'met' : 'NOT met'}`,
      );
    }
    console.log('');
  }
  console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} after the run\n`);
}

async function main() {
  if (!socatAvailable()) {
    console.log('serial bench skipped: socat is not installed (apt-get install socat)');
    return;
  }
  await deadline();
  if (process.argv.includes('--deadline-only')) return;
  console.log(`6-servo sync read (position + velocity) at ${BAUD} baud, ${SECONDS} s per run`);
  // Tail latency on a shared machine follows the load; print it so figures can be read in context.
  console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} on this machine\n`);
  console.log('protocol   path          rate Hz   p50 ms   p99 ms   max ms  errors   bound Hz  rate/bound  host CPU µs/cycle');
  for (const protocol of ['feetech', 'dynamixel'] as const) {
    const boundHz = BAUD / (10 * cycleBytes(protocol));

    // Reference: the same driver and virtual servos over an in-memory cable (no kernel, no serialport).
    const cable = memoryCable(BAUD);
    const source = new KinematicJointSource(6);
    const specs = IDS.map((id, j) => ({ id, joint: j, model: protocol === 'dynamixel' ? 1200 : 777 }));
    const arm = virtualArmOnTransport(cable.device, protocol, source, { specs });
    const mem = await measure(cable.host, protocol, SECONDS);
    arm.bus.close();

    const pair = await openPtyPair();
    const sim = await startSim(pair.a, protocol);
    const pty = await measure(await openSerialTransport({ path: pair.b, baudRate: BAUD }), protocol, SECONDS);
    // Dynamixel X firmware ≥ 45 answers a whole sync read in one packet: fewer bytes, fewer headers.
    const fast = protocol === 'dynamixel' ? await measure(await openSerialTransport({ path: pair.b, baudRate: BAUD }), protocol, SECONDS, true) : null;
    await stop(sim);
    await pair.close();
    removePtyDir(pair);

    for (const [name, r] of [
      ['memory cable', mem],
      ['pty+serialport', pty],
    ] as const) {
      console.log(
        `${protocol.padEnd(10)} ${name.padEnd(14)} ${fmt(r.hz)}  ${fmt(r.p50)}  ${fmt(r.p99)}  ${fmt(r.max)}  ${String(r.errors).padStart(6)}  ${fmt(boundHz)}  ${(r.hz / boundHz).toFixed(2).padStart(10)}  ${r.cpuUs.toFixed(0).padStart(17)}`,
      );
    }
    if (fast) {
      const fastBound = BAUD / (10 * cycleBytes(protocol, true));
      console.log(
        `${protocol.padEnd(10)} ${'pty fast sync'.padEnd(14)} ${fmt(fast.hz)}  ${fmt(fast.p50)}  ${fmt(fast.p99)}  ${fmt(fast.max)}  ${String(fast.errors).padStart(6)}  ${fmt(fastBound)}  ${(fast.hz / fastBound).toFixed(2).padStart(10)}  ${fast.cpuUs.toFixed(0).padStart(17)}`,
      );
    }
    const goal = pty.hz >= 500 && pty.p99 <= 4;
    console.log(`${protocol.padEnd(10)} goal ≥ 500 Hz and p99 ≤ 4 ms over the pty: ${goal ? 'met' : 'NOT met'}\n`);
  }
}

try {
  await main();
} finally {
  for (const c of live) c.kill('SIGINT');
}
