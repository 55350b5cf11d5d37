// How long a teleop command takes to reach the physics now that the in-app sim is driven like a serial
// arm: RobotLink.command (the gate) → Feetech sync write → in-memory cable → virtual servos → MuJoCo's
// actuator target. The bar: no tick of delay at 50 Hz (20 ms).
// Run: npm run bench -- gate-latency   [--commands N]
//
// Measured twice in the same run: with the in-memory cable answering at once (what the studio uses) and
// with 1 Mbaud wire time modelled (the plug as it was). Reference, beside each command: one setImmediate
// round trip with the sim and the 200 Hz polling running, the cost of any asynchronous hop on this
// machine at that moment; the ratio says how many such hops the bus path costs, however busy the machine.

import { gatedSimRobotOpen, SimulatedArm } from '../src-main/sim';

const argIndex = process.argv.indexOf('--commands');
const COMMANDS = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 500;
const TICK_MS = 20;
/** One Feetech position tick, radians: the servo's resolution, the match tolerance. */
const SERVO_TICK = (2 * Math.PI) / 4096;

const quantile = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))];

interface Run {
  latencies: number[];
  hops: number[];
  late: number;
}

async function measure(instant: boolean): Promise<Run> {
  const arm = await SimulatedArm.load();
  // Stamp the moment the servos hand a target for shoulder_pan to MuJoCo.
  let waiting: { value: number; t0: number; resolve: (ms: number) => void } | null = null;
  const setTargets = arm.setTargets.bind(arm);
  arm.setTargets = (positions, out) => {
    const w = waiting;
    if (w && Math.abs(positions[0] - w.value) <= SERVO_TICK) {
      waiting = null;
      w.resolve(performance.now() - w.t0);
    }
    return setTargets(positions, out);
  };
  const robot = await gatedSimRobotOpen({ arm, pollHz: 200, instant });
  const home = Float64Array.from(robot.latest?.position ?? new Float64Array(6));
  const run: Run = { latencies: [], hops: [], late: 0 };
  for (let i = 0; i < COMMANDS; i++) {
    const h0 = performance.now();
    await new Promise((r) => setImmediate(r));
    run.hops.push(performance.now() - h0);
    // A small alternating step the speed cap passes whole.
    const targets = home.slice();
    targets[0] = home[0] + (i % 2 ? 0.02 : -0.02);
    const t0 = performance.now();
    const verdict = robot.command(targets, 'sliders');
    if (!verdict.sent) throw new Error(`refused: ${verdict.refusal?.message}`);
    const arrived = new Promise<number>((resolve) => {
      waiting = { value: verdict.sent?.[0] ?? Number.NaN, t0, resolve };
    });
    // The next tick's command supersedes this one: not there by then is a tick late.
    const timeout = new Promise<number>((r) => setTimeout(() => r(Number.NaN), TICK_MS));
    const ms = await Promise.race([arrived, timeout]);
    if (Number.isNaN(ms)) run.late++;
    else run.latencies.push(ms);
    waiting = null;
    await new Promise((r) => setTimeout(r, TICK_MS / 2));
  }
  await robot.close();
  run.latencies.sort((a, b) => a - b);
  run.hops.sort((a, b) => a - b);
  return run;
}

function report(name: string, r: Run): void {
  const [p50, p99, max] = [quantile(r.latencies, 0.5), quantile(r.latencies, 0.99), r.latencies[r.latencies.length - 1]];
  const [h50, h99] = [quantile(r.hops, 0.5), quantile(r.hops, 0.99)];
  console.log(`${name}: command → MuJoCo target p50 ${p50.toFixed(3)} ms  p99 ${p99.toFixed(3)} ms  max ${max.toFixed(3)} ms; later than a tick: ${r.late} of ${COMMANDS}`);
  console.log(`  of a 50 Hz tick (20 ms): p50 ${(p50 / TICK_MS).toFixed(3)}  p99 ${(p99 / TICK_MS).toFixed(3)}  max ${(max / TICK_MS).toFixed(3)}`);
  console.log(`  reference, one setImmediate hop beside it: p50 ${h50.toFixed(3)} ms  p99 ${h99.toFixed(3)} ms → ratio p50 ${(p50 / h50).toFixed(1)}×  p99 ${(p99 / h99).toFixed(1)}×`);
}

console.log(`${COMMANDS} commands at ~${Math.round(1000 / (1.5 * TICK_MS))} Hz each way, the link polling the servos at 200 Hz`);
report('in-memory cable, instant (studio)', await measure(true));
report('in-memory cable, 1 Mbaud wire time', await measure(false));
