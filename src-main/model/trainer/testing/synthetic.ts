// Small synthetic robot data for tests: joints driven toward commanded targets by a rate-limited servo
// (a nonlinearity a linear model cannot capture: steps saturate at `maxStep`), observed as positions and
// velocities, with smooth random targets like a teleoperator's.
import { momentsOf, type Normaliser } from '../normaliser';
import { normalSource, uniformSource } from '../seeded-random';
import type { TrajectorySet } from '../trajectories';
import type { InMemoryData } from '../training-run';

export interface SyntheticOptions {
  episodes: number;
  length: number;
  joints?: number;
  seed?: number;
  /** Largest joint change per frame, radians. */
  maxStep?: number;
}

export function servoTrajectories(o: SyntheticOptions): TrajectorySet {
  const J = o.joints ?? 2;
  const maxStep = o.maxStep ?? 0.04;
  const u = uniformSource(o.seed ?? 1);
  const n = normalSource((o.seed ?? 1) + 7);
  const obsDim = 2 * J;
  const trajectories = Array.from({ length: o.episodes }, (_, e) => {
    const obs = new Float32Array(o.length * obsDim);
    const act = new Float32Array(o.length * J);
    const x = Float64Array.from({ length: J }, () => u() * 2 - 1);
    const v = new Float64Array(J);
    let target = Float64Array.from({ length: J }, () => u() * 2 - 1);
    let hold = 0;
    for (let t = 0; t < o.length; t++) {
      if (hold-- <= 0) {
        target = Float64Array.from({ length: J }, () => u() * 2.4 - 1.2);
        hold = 8 + Math.floor(u() * 25);
      }
      for (let j = 0; j < J; j++) {
        obs[t * obsDim + j] = x[j];
        obs[t * obsDim + J + j] = v[j];
        act[t * J + j] = target[j] + 0.01 * n();
        const step = Math.max(-maxStep, Math.min(maxStep, 0.5 * (act[t * J + j] - x[j])));
        v[j] = step;
        x[j] += step;
      }
    }
    return { episode: e, length: o.length, observation: obs, action: act };
  });
  const names = Array.from({ length: J }, (_, j) => `joint${j}.pos`);
  return {
    obsDim,
    actDim: J,
    fps: 30,
    obsNames: [...names, ...names.map((s) => s.replace('.pos', '.vel'))],
    actNames: names,
    jointDims: Array.from({ length: J }, (_, j) => j),
    obsFeatures: ['observation.state'],
    trajectories,
  };
}

export function synthNormaliser(set: TrajectorySet): Normaliser {
  const rows = set.trajectories.reduce((a, t) => a + t.length, 0);
  const obs = new Float32Array(rows * set.obsDim);
  const act = new Float32Array(rows * set.actDim);
  let r = 0;
  for (const t of set.trajectories) {
    obs.set(t.observation, r * set.obsDim);
    act.set(t.action, r * set.actDim);
    r += t.length;
  }
  const o = momentsOf(obs, rows, set.obsDim);
  const a = momentsOf(act, rows, set.actDim);
  return { obsMean: o.mean, obsStd: o.std, actMean: a.mean, actStd: a.std };
}

export function syntheticData(o: SyntheticOptions): InMemoryData {
  const set = servoTrajectories(o);
  return { set, normaliser: synthNormaliser(set), successful: [], source: 'synthetic servo' };
}
