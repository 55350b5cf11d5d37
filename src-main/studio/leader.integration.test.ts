import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../api';
import { KinematicJointSource, type ServedArm, serveVirtualArmOnSerial } from '../sim/servo-bus';
import { createStudio } from './default-studio';
import type { Studio } from './studio';

const hasSocat = spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;

// Leader → follower over the real serial path: a virtual SO-101 leader on one end of a pty pair, moved
// "by hand" (its joint positions set directly), drives the simulated follower through the studio.
describe.skipIf(!hasSocat)('leader arm teleop', () => {
  const dir = mkdtempSync(join(tmpdir(), 'praxis-leader-'));
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
    await studio.robot.connect({ kind: 'sim', model: 'so101' });
  });

  afterAll(async () => {
    await studio?.shutdown();
    await served?.close();
    socat?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a follower profile as the leader, with the fix in the hint', async () => {
    await expect(studio.control.leaderConnect(hostEnd, 'so101_follower')).rejects.toMatchObject({ code: ErrorCodes.INVALID_ARGUMENT, hint: expect.stringContaining('so101_leader') });
  });

  it('makes the leader’s joint positions the follower’s targets', async () => {
    const pose = [0.4, -0.3, 0.5, 0.2, -0.1, 0.3];
    hand.positions.set(pose);
    hand.targets.set(pose);
    const status = await studio.control.leaderConnect(hostEnd, 'so101_leader');
    expect(status.active).toBe('leader');
    expect(status.leader).toMatchObject({ port: hostEnd, profile: 'so101_leader', state: 'connected' });
    let targets: Float64Array | null = null;
    const off = studio.robot.onSample((s) => {
      targets = s.targets;
    });
    // The speed cap (2 rad/s) ramps the follower there: well within two seconds.
    await new Promise((r) => setTimeout(r, 2000));
    off();
    expect(targets).not.toBeNull();
    for (let j = 0; j < 6; j++) expect((targets as unknown as Float64Array)[j]).toBeCloseTo(pose[j], 1);
    const after = await studio.control.leaderDisconnect();
    expect(after.active).toBe('sliders');
    expect(after.leader).toBeNull();
  });
});
