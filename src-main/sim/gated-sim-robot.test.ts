import { afterEach, describe, expect, it } from 'vitest';
import type { JointState } from '../robot';
import { type GatedSimRobot, gatedSimRobotOpen } from './gated-sim-robot';

// The sim as the CLI and an executor get it: MuJoCo behind virtual servos, the Feetech driver, the link and
// its gate. Driven sample by sample (each command answers a joint-state sample), never by a sleep.

let robot: GatedSimRobot | null = null;
afterEach(async () => {
  await robot?.close();
  robot = null;
});

/** Calls `step` on each joint-state sample until it returns true; at most `samples` samples. */
function onSamplesUntil(r: GatedSimRobot, step: (s: JointState) => boolean, samples = 4000): Promise<JointState> {
  return new Promise((resolve, reject) => {
    let n = 0;
    const off = r.onJointState((s) => {
      if (step(s)) {
        off();
        resolve(s);
      } else if (++n >= samples) {
        off();
        reject(new Error(`not reached in ${samples} samples; tracking error ${Array.from(s.tracking.error, (e) => e.toFixed(2))}`));
      }
    });
  });
}

const SHOULDER_LIFT = 1;
/** Leaning forward with the elbow bent down: the forearm meets the table long before the targets. */
const INTO_THE_TABLE = Float64Array.of(0, 1.2, 1.5, 0.9, 0, 0.1);

describe('gatedSimRobotOpen', () => {
  it('reports a joint pushed against the table as blocked, with its tracking error, and clears it when released', async () => {
    robot = await gatedSimRobotOpen();
    const r = robot;
    const home = Float64Array.from(r.latest?.position ?? []);
    expect(home).toHaveLength(6);
    const blocked = await onSamplesUntil(r, (s) => {
      r.command(INTO_THE_TABLE, 'planner'); // the gate ramps toward it at the speed cap
      return s.tracking.blocked[SHOULDER_LIFT] === 1;
    });
    // Target (what the gate sent) is far ahead of where the table stops the joint.
    expect(blocked.tracking.error[SHOULDER_LIFT]).toBeGreaterThan(0.25);
    expect(blocked.tracking.blocked[0]).toBe(0); // the pan joint follows its target
    expect(Math.abs(blocked.tracking.error[0])).toBeLessThan(0.05);

    await onSamplesUntil(r, (s) => {
      r.command(home, 'planner');
      return s.tracking.blocked[SHOULDER_LIFT] === 0 && Math.abs(s.tracking.error[SHOULDER_LIFT]) < 0.25;
    });
  }, 60_000);

  it('refuses commands under e-stop with the reason, and reports no tracking error while nothing holds the joints', async () => {
    robot = await gatedSimRobotOpen();
    const r = robot;
    await r.estop();
    expect(r.command(INTO_THE_TABLE, 'script')).toMatchObject({ outcome: 'refused', source: 'script', refusal: { code: 'ESTOP' } });
    const s = await onSamplesUntil(r, () => true);
    expect(Array.from(s.tracking.error)).toEqual([0, 0, 0, 0, 0, 0]);
    r.release();
    await r.torque(true);
    expect((await r.send(Float64Array.from(s.position), 'script')).outcome).not.toBe('refused');
  }, 60_000);
});
