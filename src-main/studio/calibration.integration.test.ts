import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../api';
import { KinematicJointSource, type ServedArm, serveVirtualArmOnSerial } from '../sim/servo-bus';
import { createStudio } from './default-studio';
import type { Studio } from './studio';

const hasSocat = spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;

// The calibration wizard's service end to end: a virtual SO-101 (real Feetech wire protocol over a pty)
// is posed and swept "by hand" by setting its joint positions while torque is off.
describe.skipIf(!hasSocat)('calibration wizard service', () => {
  const dir = mkdtempSync(join(tmpdir(), 'praxis-calib-'));
  const armEnd = join(dir, 'arm');
  const hostEnd = join(dir, 'host');
  let socat: ChildProcess;
  let served: ServedArm;
  let studio: Studio;
  const hand = new KinematicJointSource(6);

  beforeAll(async () => {
    socat = spawn('socat', [`pty,raw,echo=0,link=${armEnd}`, `pty,raw,echo=0,link=${hostEnd}`], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !(existsSync(armEnd) && existsSync(hostEnd)); i++) await new Promise((r) => setTimeout(r, 50));
    served = await serveVirtualArmOnSerial(armEnd, 'feetech', hand);
    studio = createStudio({ shell: 'server', version: 'test', dataRoot: join(dir, 'data'), configRoot: join(dir, 'config'), modelsRoot: join(dir, 'models') });
    await studio.robot.connect({ kind: 'serial', port: hostEnd, protocol: 'feetech', profile: 'so101_follower' });
  });

  afterAll(async () => {
    await studio?.shutdown();
    await served?.close();
    socat?.kill();
    rmSync(dir, { recursive: true, force: true });
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
    hand.positions.fill(0);
    await studio.calibration.centre();
    for (let j = 0; j < 6; j++) {
      for (const q of [-0.9, 0.9, 0]) {
        hand.positions[j] = q;
        await studio.calibration.sample();
      }
    }
    const sweep = (await studio.calibration.sample()).sweep ?? [];
    expect(sweep.every((joint) => joint.span >= 100)).toBe(true);
    const done = await studio.calibration.finish();
    expect(done.step).toBe('idle');
    expect(done.saved).not.toBeNull();
    expect(readdirSync(join(dir, 'config', 'calibration')).length).toBe(1);
    // After the reconnect the link checked the servos against the file it just saved.
    expect(done.check).toMatchObject({ matches: true, differences: [] });
    expect(studio.robot.getStatus().connection).toBe('connected');
  });
});
