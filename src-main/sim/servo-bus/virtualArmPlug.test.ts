import { describe, expect, it } from 'vitest';
import { RobotLink } from '../../robot';
import { BUILTIN_PROFILES } from '../../robot/profiles';
import { KinematicJointSource } from './jointSource';
import { virtualArmPlug } from './serve';

describe('virtualArmPlug: the simulated arm as a robot on a cable', () => {
  it.each([
    ['feetech', 'so101_follower'],
    ['dynamixel', 'koch_follower'],
  ] as const)('connects RobotLink over %s with the %s profile, survives an unplug', async (protocol, profileId) => {
    const source = new KinematicJointSource(6, 3, undefined, [0.1, 0, 0, 0, 0, 0.2]);
    const plug = virtualArmPlug(protocol, source);
    const link = new RobotLink({ profile: BUILTIN_PROFILES[profileId], open: plug.open, reconnectMs: 10 });
    await link.connect();
    expect((await link.readJointState()).position[0]).toBeCloseTo(0.1, 2);
    plug.unplug();
    // Wait for the link's state, not for a wall-clock window.
    await expect.poll(() => link.state, { timeout: 30_000 }).not.toBe('connected');
    plug.plugIn();
    await expect.poll(() => link.state, { timeout: 30_000 }).toBe('connected');
    await link.disconnect();
  });
});
