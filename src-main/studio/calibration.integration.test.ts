import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../api';
import type { Studio } from './studio';
import { socatAvailable, type VirtualArmRig, virtualArmRig } from './testing/virtual-arm-pty';

// The calibration wizard's service end to end: a virtual SO-101 (real Feetech wire protocol over a pty)
// is posed and swept "by hand" by setting its joint positions while torque is off.
describe.skipIf(!socatAvailable)('calibration wizard service', () => {
  let rig: VirtualArmRig;
  let studio: Studio;

  beforeAll(async () => {
    rig = await virtualArmRig();
    studio = rig.studio;
    await studio.robot.connect({ kind: 'serial', port: rig.port, protocol: 'feetech', profile: 'so101_follower' });
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('refuses to finish before every joint was swept, naming the joints', async () => {
    let s = await studio.calibration.begin();
    expect(s.step).toBe('centre');
    s = await studio.calibration.centre();
    expect(s.step).toBe('sweep');
    await expect(studio.calibration.finish()).rejects.toMatchObject({ code: ErrorCodes.INVALID_ARGUMENT, message: expect.stringContaining('shoulder_pan') });
    s = await studio.calibration.cancel();
    expect(s.step).toBe('idle');
  });

  it('calibrates: centre, sweep each joint end to end, save, reconnect; the saved calibration matches at connect', async () => {
    expect(studio.calibration.status()).toMatchObject({ available: true, saved: null });
    await studio.calibration.begin();
    rig.hand.positions.fill(0);
    rig.handPublish();
    await studio.calibration.centre();
    for (let j = 0; j < 6; j++) {
      for (const q of [-0.9, 0.9, 0]) {
        rig.hand.positions[j] = q;
        rig.handPublish();
        await studio.calibration.sample();
      }
    }
    const sweep = (await studio.calibration.sample()).sweep ?? [];
    expect(sweep.every((joint) => joint.span >= 100)).toBe(true);
    const done = await studio.calibration.finish();
    expect(done.step).toBe('idle');
    expect(done.saved).not.toBeNull();
    expect(readdirSync(join(rig.dir, 'config', 'calibration')).length).toBe(1);
    // After the reconnect the link checked the servos against the file it just saved.
    expect(done.check).toMatchObject({ matches: true, differences: [] });
    expect(studio.robot.getStatus().connection).toBe('connected');
  });
});
