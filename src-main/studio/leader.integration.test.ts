import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../api';
import { socatAvailable, type VirtualArmRig, virtualArmRig } from './testing/virtual-arm-pty';

// Leader → follower over the real serial path: a virtual SO-101 leader on one end of a pty pair, moved
// "by hand" (its joint positions set directly), drives the simulated follower through the studio.
describe.skipIf(!socatAvailable)('leader arm teleop', () => {
  let rig: VirtualArmRig;

  beforeAll(async () => {
    rig = await virtualArmRig();
    await rig.studio.robot.connect({ kind: 'sim', model: 'so101' });
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('refuses a follower profile as the leader, with the fix in the hint', async () => {
    await expect(rig.studio.control.leaderConnect(rig.port, 'so101_follower')).rejects.toMatchObject({ code: ErrorCodes.INVALID_ARGUMENT, hint: expect.stringContaining('so101_leader') });
  });

  it('makes the leader’s joint positions the follower’s targets', async () => {
    const pose = [0.4, -0.3, 0.5, 0.2, -0.1, 0.3];
    rig.hand.positions.set(pose);
    rig.hand.targets.set(pose);
    rig.handPublish();
    const status = await rig.studio.control.leaderConnect(rig.port, 'so101_leader');
    expect(status.active).toBe('leader');
    expect(status.leader).toMatchObject({ port: rig.port, profile: 'so101_leader', state: 'connected' });
    // The speed cap (2 rad/s) ramps the follower there; the test waits for the sample that arrives.
    const targets = await new Promise<Float64Array>((arrived) => {
      const off = rig.studio.robot.onSample((s) => {
        if (!pose.every((p, j) => Math.abs(s.targets[j] - p) < 0.05)) return;
        off();
        arrived(s.targets.slice());
      });
    });
    for (let j = 0; j < 6; j++) expect(targets[j]).toBeCloseTo(pose[j], 1);
    const after = await rig.studio.control.leaderDisconnect();
    expect(after.active).toBe('sliders');
    expect(after.leader).toBeNull();
  });
});
