// The two baselines a world model must beat before anyone should plan with it: "no change" (the next
// observation equals the current one) and linear dynamics fitted by least squares on the training episodes
// (x' = A·x + B·action block + c, in normalised units, one block per step). Errors are reported in joint units
// (radians for a position-controlled arm), averaged over joint dimensions, windows and the stated k.
import { leastSquares } from './linear-algebra';
import type { Normaliser } from './normaliser';
import type { TrajectorySet } from './trajectories';
import { type WindowBatch, type WindowSpec, windowsOf } from './windows';

export interface LinearDynamics {
  obsDim: number;
  blockDim: number;
  /** [(obsDim + blockDim + 1), obsDim]: rows for x, for the action block, then the bias. */
  weights: Float64Array;
}

/** Fit on every (observation, block, next observation) triple of the given (normalised) trajectories. */
export function linearDynamicsFit(set: TrajectorySet, trajs: readonly number[], frameskip: number, ridge = 1e-4): LinearDynamics {
  const spec: WindowSpec = { history: 1, horizon: 1, frameskip };
  const refs = windowsOf(set, trajs, spec, 1);
  const obsDim = set.obsDim;
  const blockDim = frameskip * set.actDim;
  const p = obsDim + blockDim + 1;
  const x = new Float64Array(refs.length * p);
  const y = new Float64Array(refs.length * obsDim);
  refs.forEach((r, n) => {
    const t = set.trajectories[r.traj];
    for (let i = 0; i < obsDim; i++) {
      x[n * p + i] = t.observation[r.start * obsDim + i];
      y[n * obsDim + i] = t.observation[(r.start + frameskip) * obsDim + i];
    }
    for (let j = 0; j < blockDim; j++) x[n * p + obsDim + j] = t.action[r.start * set.actDim + j];
    x[n * p + p - 1] = 1;
  });
  return { obsDim, blockDim, weights: leastSquares(x, y, refs.length, p, obsDim, ridge) };
}

/** Which linear model predicts the windows of trajectory `traj`. */
export type LinearDynamicsFor = (traj: number) => LinearDynamics;

/**
 * Linear baselines that never see the episodes they are scored on, when those are the episodes there are
 * (an evaluation over every episode, or a run too small to hold any out): the episodes are dealt into
 * `folds` groups and each group is predicted by a model fitted on the others. Fitting on the scored
 * episodes themselves would flatter the baseline the world model is measured against.
 */
export function linearDynamicsCrossFit(set: TrajectorySet, trajs: readonly number[], frameskip: number, folds = 5): LinearDynamicsFor {
  const k = Math.min(folds, trajs.length);
  if (k < 2) {
    const only = linearDynamicsFit(set, trajs, frameskip);
    return () => only;
  }
  const foldOf = new Map(trajs.map((t, i) => [t, i % k]));
  const models = Array.from({ length: k }, (_, f) => linearDynamicsFit(set, trajs.filter((t) => foldOf.get(t) !== f), frameskip));
  return (traj) => models[foldOf.get(traj) ?? 0];
}

/** One step of the linear model: next = [x, block, 1]·W. */
export function linearDynamicsStep(m: LinearDynamics, x: ArrayLike<number>, block: ArrayLike<number>, out: Float64Array): Float64Array {
  const { obsDim, blockDim, weights: w } = m;
  for (let o = 0; o < obsDim; o++) {
    let s = w[(obsDim + blockDim) * obsDim + o];
    for (let i = 0; i < obsDim; i++) s += x[i] * w[i * obsDim + o];
    for (let j = 0; j < blockDim; j++) s += block[j] * w[(obsDim + j) * obsDim + o];
    out[o] = s;
  }
  return out;
}

/** Mean absolute error over joint dimensions, in raw units, between two normalised observations. */
export function jointError(pred: ArrayLike<number>, truth: ArrayLike<number>, norm: Normaliser, jointDims: readonly number[], predAt = 0, truthAt = 0): number {
  let s = 0;
  for (const d of jointDims) s += Math.abs(pred[predAt + d] - truth[truthAt + d]) * norm.obsStd[d];
  return s / jointDims.length;
}

export interface BaselineErrors {
  /** Steps ahead, in action blocks. */
  k: number[];
  noChange: number[];
  linear: number[];
}

/**
 * Baseline k-step errors on evaluation windows (normalised, history H, horizon ≥ max k). Both start from the
 * last history observation and predict observation H − 1 + k; the linear model is fed the true action blocks.
 */
export function baselineErrors(batch: WindowBatch, spec: WindowSpec, ks: readonly number[], linOf: (window: number) => LinearDynamics, norm: Normaliser, jointDims: readonly number[]): BaselineErrors {
  const { obsDim, frames, blockDim } = batch;
  const noChange = ks.map(() => 0);
  const linear = ks.map(() => 0);
  const cur = new Float64Array(obsDim);
  const next = new Float64Array(obsDim);
  const last = spec.history - 1;
  for (let b = 0; b < batch.size; b++) {
    const lin = linOf(b);
    const base = b * frames * obsDim;
    for (let i = 0; i < obsDim; i++) cur[i] = batch.obs[base + last * obsDim + i];
    for (let step = 1; step <= Math.max(...ks); step++) {
      const blockAt = (b * (frames - 1) + last + step - 1) * blockDim;
      linearDynamicsStep(lin, cur, batch.act.subarray(blockAt, blockAt + blockDim), next);
      cur.set(next);
      const ki = ks.indexOf(step);
      if (ki < 0) continue;
      const truthAt = base + (last + step) * obsDim;
      linear[ki] += jointError(cur, batch.obs, norm, jointDims, 0, truthAt);
      noChange[ki] += jointError(batch.obs, batch.obs, norm, jointDims, base + last * obsDim, truthAt);
    }
  }
  return { k: [...ks], noChange: noChange.map((v) => v / batch.size), linear: linear.map((v) => v / batch.size) };
}
