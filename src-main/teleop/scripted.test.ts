import { describe, expect, it } from 'vitest';
import { IkSolver } from '../kinematics';
import { so101Chain } from '../kinematics/testing/so101-chain';
import { ActionStream } from './action-stream';
import { type ScriptedOptions, ScriptedTeleop } from './scripted';
import { Driver, SO101_HOME, SO101_JOINTS } from './testing/drive';

const cube = { name: 'cube', position: [0.24, 0.08, 0.015] as [number, number, number], quaternion: [1, 0, 0, 0] as [number, number, number, number] };

function run(options: ScriptedOptions, ticks: number, episode = 0) {
  const ik = new IkSolver(so101Chain(), { maxIterations: 20 });
  const scripted = new ScriptedTeleop(ik, SO101_JOINTS, options);
  const stream = new ActionStream({ joints: SO101_JOINTS, maxVelocity: 2 }).add(scripted);
  const driver = new Driver(stream, 50, SO101_HOME);
  driver.objects = [cube];
  stream.sync(SO101_HOME);
  stream.episodeStart(episode);
  return { actions: driver.run(ticks), scripted, ik };
}

describe('ScriptedTeleop', () => {
  it('replays exactly from its seed', () => {
    const a = run({ seed: 42 }, 1000).actions;
    const b = run({ seed: 42 }, 1000).actions;
    expect(b).toEqual(a);
  });

  it('does something different with another seed, or in another episode', () => {
    const a = run({ seed: 42 }, 500).actions;
    expect(run({ seed: 43 }, 500).actions).not.toEqual(a);
    expect(run({ seed: 42 }, 500, 1).actions).not.toEqual(a);
  });

  it('keeps moving for the whole run and plays all three behaviours', () => {
    const { actions, scripted } = run({ seed: 3 }, 50 * 60);
    expect(scripted.counts.reach).toBeGreaterThan(0);
    expect(scripted.counts.push).toBeGreaterThan(0);
    expect(scripted.counts.explore).toBeGreaterThan(0);
    // No long stall: within every 5 s window some joint moves.
    for (let k = 0; k + 250 < actions.length; k += 250) {
      const moved = actions[k].some((v, j) => Math.abs(v - actions[k + 250][j]) > 1e-3);
      expect(moved).toBe(true);
    }
  });

  it('reaches points above the table', () => {
    const { actions, ik } = run({ seed: 9, behaviours: ['reach'] }, 50 * 30);
    let lowest = Number.POSITIVE_INFINITY;
    for (const a of actions) lowest = Math.min(lowest, ik.forward(a).position[2]);
    expect(lowest).toBeGreaterThan(0.02);
  });

  it('pushes: the tool comes down to table height right beside the cube', () => {
    const { actions, ik } = run({ seed: 5, behaviours: ['push'] }, 50 * 8);
    let closest = Number.POSITIVE_INFINITY;
    for (const a of actions) {
      const p = ik.forward(a).position;
      if (p[2] < 0.03) closest = Math.min(closest, Math.hypot(p[0] - cube.position[0], p[1] - cube.position[1]));
    }
    expect(closest).toBeLessThan(0.06);
  });

  it('falls back to reaching when there is no object to push', () => {
    const ik = new IkSolver(so101Chain(), { maxIterations: 20 });
    const scripted = new ScriptedTeleop(ik, SO101_JOINTS, { seed: 1, behaviours: ['push'] });
    const stream = new ActionStream({ joints: SO101_JOINTS }).add(scripted);
    new Driver(stream, 50, SO101_HOME).run(200);
    expect(scripted.counts.push).toBe(0);
    expect(scripted.counts.reach).toBeGreaterThan(0);
  });
});
