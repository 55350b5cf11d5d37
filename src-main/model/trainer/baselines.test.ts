import { describe, expect, it } from 'vitest';
import { baselineErrors, jointError, linearDynamicsCrossFit, linearDynamicsFit } from './baselines';
import type { Normaliser } from './normaliser';
import { normalSource } from './seeded-random';
import type { TrajectorySet } from './trajectories';
import { batchCreate, batchFill, windowsOf } from './windows';

/** A point mass per joint driven by its action: x' = 0.9·x + 0.1·a per raw frame. Exactly linear. */
function linearWorld(episodes: number, length: number): TrajectorySet {
  const g = normalSource(3);
  return {
    obsDim: 2,
    actDim: 2,
    fps: 30,
    obsNames: ['j0', 'j1'],
    actNames: ['j0', 'j1'],
    jointDims: [0, 1],
    obsFeatures: ['observation.state'],
    trajectories: Array.from({ length: episodes }, (_, e) => {
      const obs = new Float32Array(length * 2);
      const act = new Float32Array(length * 2);
      for (let t = 0; t < length; t++) {
        for (let j = 0; j < 2; j++) {
          act[t * 2 + j] = g();
          if (t > 0) obs[t * 2 + j] = 0.9 * obs[(t - 1) * 2 + j] + 0.1 * act[(t - 1) * 2 + j];
        }
      }
      return { episode: e, length, observation: obs, action: act };
    }),
  };
}

const unit: Normaliser = { obsMean: [0, 0], obsStd: [2, 2], actMean: [0, 0], actStd: [1, 1] };

describe('baselines', () => {
  it('measures joint error in raw units through the normaliser std', () => {
    expect(jointError([1, 0], [0, 0.5], unit, [0, 1])).toBeCloseTo((2 + 1) / 2, 12);
  });

  it('fits exactly linear dynamics to near-zero error, far below no-change', () => {
    const set = linearWorld(6, 120);
    const spec = { history: 3, horizon: 10, frameskip: 5 };
    const lin = linearDynamicsFit(set, [0, 1, 2, 3], 5, 1e-9);
    const refs = windowsOf(set, [4, 5], spec, 7);
    const batch = batchFill(set, refs, spec, batchCreate(refs.length, spec, 2, 2));
    const e = baselineErrors(batch, spec, [1, 5, 10], () => lin, unit, [0, 1]);
    expect(e.k).toEqual([1, 5, 10]);
    for (let i = 0; i < 3; i++) {
      expect(e.linear[i]).toBeLessThan(1e-3);
      expect(e.noChange[i]).toBeGreaterThan(0.05);
    }
  });

  it('cross-fits the linear baseline so it never predicts an episode it was fitted on', () => {
    // Noise has no dynamics to learn: a fit on the scored episodes themselves memorises them and looks
    // better than it is; the cross-fitted baseline may not.
    const g = normalSource(9);
    const set = linearWorld(4, 10);
    for (const t of set.trajectories) for (let i = 0; i < t.observation.length; i++) t.observation[i] = g();
    const spec = { history: 1, horizon: 1, frameskip: 5 };
    const all = [0, 1, 2, 3];
    const refs = windowsOf(set, all, spec, 1);
    const batch = batchFill(set, refs, spec, batchCreate(refs.length, spec, 2, 2));
    const inSample = linearDynamicsFit(set, all, 5, 1e-9);
    const crossFit = linearDynamicsCrossFit(set, all, 5);
    const flattering = baselineErrors(batch, spec, [1], () => inSample, unit, [0, 1]).linear[0];
    const honest = baselineErrors(batch, spec, [1], (b) => crossFit(refs[b].traj), unit, [0, 1]).linear[0];
    expect(honest).toBeGreaterThan(flattering * 1.2);
    // each fold's model is fitted without the episode it predicts
    expect(crossFit(0)).not.toBe(crossFit(1));
  });
});
