import { describe, expect, it } from 'vitest';
import { ActionStream } from './action-stream';
import { type LeaderArm, LeaderTeleop, leaderArmFromLink } from './leader';
import { Driver, SO101_HOME, SO101_JOINTS } from './testing/drive';

/** A leader arm answering each read with `pose`, or failing, or never answering. */
class FakeLeader implements LeaderArm {
  pose = Array.from(SO101_HOME);
  mode: 'answer' | 'fail' | 'silent' = 'answer';
  reads = 0;
  readPositions(): Promise<number[]> {
    this.reads++;
    if (this.mode === 'fail') return Promise.reject(new Error('no status packet from servo 3'));
    if (this.mode === 'silent') return new Promise(() => {});
    return Promise.resolve(this.pose.slice());
  }
}

/** Runs ticks, letting each read resolve before the next tick, as a real event loop would. */
async function runAsync(driver: Driver, ticks: number): Promise<Float64Array[]> {
  const out: Float64Array[] = [];
  for (let k = 0; k < ticks; k++) {
    out.push(...driver.run(1));
    await Promise.resolve();
    await Promise.resolve();
  }
  return out;
}

function setup(options = {}) {
  const arm = new FakeLeader();
  const leader = new LeaderTeleop(arm, 6, { staleTimeoutS: 0.1, ...options });
  const stream = new ActionStream({ joints: SO101_JOINTS, maxVelocity: 4 }).add(leader);
  stream.sync(SO101_HOME);
  const driver = new Driver(stream, 100, SO101_HOME);
  return { arm, leader, driver };
}

describe('LeaderTeleop', () => {
  it('makes the leader arm’s positions the follower’s targets', async () => {
    const { arm, driver } = setup();
    arm.pose = [0.2, -0.3, 0.4, 0.5, 0.1, 0.6];
    const actions = await runAsync(driver, 30);
    expect(Array.from(actions[29]).map((v) => +v.toFixed(9))).toEqual(arm.pose);
  });

  it('keeps at most one read in flight', async () => {
    const { arm, driver } = setup();
    arm.mode = 'silent';
    await runAsync(driver, 20);
    expect(arm.reads).toBe(1);
  });

  it('holds the follower when the leader stops answering, and says so', async () => {
    const { arm, leader, driver } = setup();
    arm.pose = [0.5, 0, 0, 0.9, 0, 0.1];
    await runAsync(driver, 5);
    arm.mode = 'fail';
    const actions = await runAsync(driver, 40);
    const last = actions[39][0];
    expect(actions[20][0]).toBe(last); // stopped following: held
    expect(last).toBeLessThan(0.5 + 1e-9);
    expect(leader.notice()?.code).toBe('LEADER_ERROR');
    expect(leader.notice()?.message).toMatch(/no status packet/);
  });

  it('rejects a reading with the wrong number of joints instead of moving', async () => {
    const { arm, leader, driver } = setup();
    arm.pose = [1, 1];
    const actions = await runAsync(driver, 10);
    expect(Array.from(actions[9])).toEqual(Array.from(SO101_HOME));
    expect(leader.notice()?.code).toBe('LEADER_ERROR');
  });

  it('applies per-joint offsets between the two arms', async () => {
    const { arm, driver } = setup({ offsets: [0.1, 0, 0, 0, 0, 0] });
    arm.pose = [0, 0, 0, 0.9, 0, 0.1];
    const actions = await runAsync(driver, 10);
    expect(actions[9][0]).toBeCloseTo(0.1, 9);
  });
});

describe('leaderArmFromLink', () => {
  it('reads a robot link’s joint state as the leader’s positions, copied', async () => {
    const position = Float64Array.of(0.1, 0.2);
    const arm = leaderArmFromLink({ readJointState: async () => ({ position }) });
    const read = await arm.readPositions();
    position[0] = 9;
    expect(Array.from(read)).toEqual([0.1, 0.2]);
  });
});
