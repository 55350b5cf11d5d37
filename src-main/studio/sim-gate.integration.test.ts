import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type GateVerdict, JointClip } from '../robot';
import { createStudio, studioConnectSim } from './default-studio';
import type { SimSource } from './sim-source';
import type { Studio } from './studio';

// The app's default robot, the MuJoCo arm, is driven like a serial SO-101: the Joints panel's slider goes
// through the control loop, the link's safety gate, the Feetech driver and the virtual servos on an
// in-memory cable before the physics sees it. Synchronised on the gate's verdicts and the state stream.

const PAN_UPPER = 1.91986;
let studio: Studio | null = null;
let dir: string | null = null;

afterEach(async () => {
  await studio?.shutdown();
  studio = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The first verdict from the sim's gate that matches. */
function verdictWhere(source: SimSource, match: (v: GateVerdict) => boolean): Promise<GateVerdict> {
  return new Promise((resolve) => {
    const off = source.link.gate.onVerdict((v) => {
      if (!match(v)) return;
      off();
      resolve(v);
    });
  });
}

/** Resolves at the first studio sample for which `check` holds. */
function sampleWhere(s: Studio, check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const off = s.robot.onSample(() => {
      if (!check()) return;
      off();
      resolve();
    });
  });
}

describe('the in-app sim goes through the link and its safety gate', () => {
  it('clamps and reports an out-of-limit slider, the servos carry it to the physics, and the e-stop refuses', async () => {
    dir = mkdtempSync(join(tmpdir(), 'praxis-sim-gate-'));
    studio = createStudio({ shell: 'server', version: 'test', dataRoot: join(dir, 'data'), configRoot: join(dir, 'config'), modelsRoot: join(dir, 'models') });
    const calls = studio.handlers.calls;
    // What both shells do at start (the app opens on the simulated arm).
    expect(await studioConnectSim(studio)).toBeNull();
    expect(studio.robot.getStatus()).toMatchObject({ connection: 'connected', robotId: 'sim:so101' });
    const source = studio.robot.currentSource as SimSource;
    expect(source.link.state).toBe('connected');
    expect(source.link.servoBus?.protocol).toBe('feetech');

    // The control loop's first command: it has synced to the arm's pose, so a slider moved now stays moved.
    await verdictWhere(source, () => true);
    const clipped = verdictWhere(source, (v) => v.source === 'sliders' && (v.clipped[0] & JointClip.POSITION) !== 0);
    await calls['robot.setJointTarget']({ joint: 'shoulder_pan', position: 5 });
    const v = await clipped;
    expect(v.requested[0]).toBe(5);
    expect(v.sent?.[0]).toBeLessThanOrEqual(PAN_UPPER);
    // The API reports it too: the Teleop status carries the gate's newest verdict, per joint by limit name.
    const teleop = await calls['teleop.status']({});
    expect(teleop.gate).toMatchObject({ source: 'sliders', outcome: 'clipped', refusal: null });
    expect(teleop.gate?.clipped[0]).toContain('joint limit');

    // The goal reached MuJoCo through the servo bus: the arm's actuator target moves toward the limit.
    const world = source.world;
    await sampleWhere(studio, () => world.readState().targets[0] > 0.05);
    expect(world.readState().targets[0]).toBeLessThanOrEqual(PAN_UPPER + 0.002); // one servo tick of rounding

    const refused = verdictWhere(source, (x) => x.source === 'sliders' && x.outcome === 'refused');
    await calls['robot.estop']({});
    expect(await refused).toMatchObject({ refusal: { code: 'ESTOP' }, sent: null });
    expect((await calls['teleop.status']({})).gate).toMatchObject({ source: 'sliders', outcome: 'refused', refusal: { code: 'ESTOP' } });
    expect(studio.robot.getStatus().estopped).toBe(true);
    expect(source.link.torqueEnabled).toBe(false);
  }, 30_000);
});
