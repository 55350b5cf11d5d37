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
    const deadline = Date.now() + 2000;
    while (link.state === 'connected' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(link.state).not.toBe('connected');
    plug.plugIn();
    while (link.state !== 'connected' && Date.now() < deadline + 2000) await new Promise((r) => setTimeout(r, 5));
    expect(link.state).toBe('connected');
    await link.disconnect();
  });
});
