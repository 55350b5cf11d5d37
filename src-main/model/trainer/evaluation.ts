// Validation of a world model through the same runtime the planner uses: k-step error in joint units beside
// the "no change" and linear-dynamics baselines, collapse diagnostics of the latents, and whether latent
// distance to the goal falls along successful demonstrations (Spearman ρ with steps to go).
import type { WorldModel } from '../runtime/world-model';
import { type BaselineErrors, baselineErrors, type LinearDynamics, type LinearDynamicsFor } from './baselines';
import { type CollapseDiagnostics, collapseDiagnostics } from './latent-metrics';
import type { Normaliser } from './normaliser';
import { spearman } from './rank-correlation';
import type { Trajectory, TrajectorySet } from './trajectories';
import { batchCreate, batchFill, type WindowBatch, type WindowRef, type WindowSpec } from './windows';

export interface GoalRanking {
  episodes: number;
  /** Mean over episodes of Spearman ρ between latent distance to the last frame and steps to go. */
  mean: number;
  median: number;
  /** Share of episodes with ρ > 0.5. */
  shareAbove05: number;
}

export interface EvalReport {
  step: number;
  /** Which episodes the windows came from. */
  split: 'validation' | 'training';
  windows: number;
  /** Steps ahead, in action blocks. */
  k: number[];
  /** The unit of every joint error below (the dataset's: 'rad', 'deg', …; see dataset/feature-units.ts). */
  unit: string;
  /** Mean absolute joint error of the model's rollouts per k, decoded by the probe, in `unit`. */
  model: number[];
  /**
   * The same rollouts decoded anchored to the current observation, x̂(t+k) = x(t) + probe(ẑ(t+k)) − probe(z(t)):
   * it removes the probe's own error at the current state, which helps most at small k.
   */
  modelAnchored: number[];
  noChange: number[];
  linear: number[];
  /** One-step latent prediction MSE (latent units). */
  latentMse: number;
  /** Mean absolute joint error of decoding the encoded current observation (no prediction): the probe's own floor. */
  probeError: number;
  collapse: CollapseDiagnostics;
  goal: GoalRanking | null;
}

export interface EvalData {
  split: 'validation' | 'training';
  spec: WindowSpec;
  k: number[];
  /** The windows in raw units (for the runtime) and normalised (for the baselines). */
  raw: WindowBatch;
  baselines: BaselineErrors;
  jointDims: number[];
  jointUnit: string;
  /** Raw trajectories whose goal ranking is measured (successful demonstrations). */
  goalEpisodes: Trajectory[];
  obsDim: number;
}

/** Prepare the fixed evaluation windows once; the baselines do not change during training, so they are computed here. */
export function evalDataPrepare(raw: TrajectorySet, normalised: TrajectorySet, refs: readonly WindowRef[], spec: WindowSpec, k: number[], lin: LinearDynamics | LinearDynamicsFor, norm: Normaliser, split: EvalData['split'], goalEpisodes: Trajectory[]): EvalData {
  const rawBatch = batchFill(raw, refs, spec, batchCreate(refs.length, spec, raw.obsDim, raw.actDim));
  const normBatch = batchFill(normalised, refs, spec, batchCreate(refs.length, spec, raw.obsDim, raw.actDim));
  const linOf = typeof lin === 'function' ? (b: number) => lin(refs[b].traj) : () => lin;
  return { split, spec, k, raw: rawBatch, baselines: baselineErrors(normBatch, spec, k, linOf, norm, raw.jointDims), jointDims: raw.jointDims, jointUnit: raw.jointUnit ?? 'rad', goalEpisodes, obsDim: raw.obsDim };
}

/** Evenly spaced subset of at most `max` windows (deterministic). */
export function windowsThin(refs: readonly WindowRef[], max: number): WindowRef[] {
  if (refs.length <= max) return [...refs];
  return Array.from({ length: max }, (_, i) => refs[Math.floor((i * refs.length) / max)]);
}

export async function goalRanking(wm: WorldModel, episodes: readonly Trajectory[], obsDim: number): Promise<GoalRanking | null> {
  const rhos: number[] = [];
  const fs = wm.frameskip;
  const Z = wm.latentDim;
  for (const ep of episodes) {
    const frames: number[] = [];
    for (let t = (ep.length - 1) % fs; t < ep.length; t += fs) frames.push(t);
    if (frames.length < 3) continue;
    const obs = new Float32Array(frames.length * obsDim);
    frames.forEach((f, i) => {
      obs.set(ep.observation.subarray(f * obsDim, (f + 1) * obsDim), i * obsDim);
    });
    const z = await wm.encode(obs);
    const goal = z.subarray((frames.length - 1) * Z);
    const dist = frames.map((_, i) => {
      let s = 0;
      for (let d = 0; d < Z; d++) s += (z[i * Z + d] - goal[d]) ** 2;
      return Math.sqrt(s);
    });
    const toGo = frames.map((f) => ep.length - 1 - f);
    const rho = spearman(dist, toGo);
    if (Number.isFinite(rho)) rhos.push(rho);
  }
  if (rhos.length === 0) return null;
  const sorted = [...rhos].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return {
    episodes: rhos.length,
    mean: rhos.reduce((a, b) => a + b, 0) / rhos.length,
    median: sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2,
    shareAbove05: rhos.filter((r) => r > 0.5).length / rhos.length,
  };
}

export async function evaluate(wm: WorldModel, d: EvalData, step: number): Promise<EvalReport> {
  const { raw, spec, k } = d;
  const W = raw.size;
  const F = raw.frames;
  const H = spec.history;
  const Z = wm.latentDim;
  const A = raw.blockDim;
  const obsDim = d.obsDim;
  const K = Math.max(...k);
  const z = await wm.encode(raw.obs); // [W, F, Z]
  const ctx = new Float32Array(W * H * Z);
  const ctxActs = new Float32Array(W * (H - 1) * A);
  const cand = new Float32Array(W * K * A);
  for (let w = 0; w < W; w++) {
    ctx.set(z.subarray(w * F * Z, (w * F + H) * Z), w * H * Z);
    ctxActs.set(raw.act.subarray(w * (F - 1) * A, (w * (F - 1) + H - 1) * A), w * (H - 1) * A);
    cand.set(raw.act.subarray((w * (F - 1) + H - 1) * A, (w * (F - 1) + H - 1 + K) * A), w * K * A);
  }
  const pred = await wm.rollout({ latents: ctx, actions: ctxActs, perCandidate: true }, cand, K);
  const decoded = await wm.decode(pred); // [W, K, obsDim]
  const current = new Float32Array(W * Z);
  for (let w = 0; w < W; w++) current.set(z.subarray((w * F + H - 1) * Z, (w * F + H) * Z), w * Z);
  const recon = await wm.decode(current);
  let probeError = 0;
  for (let w = 0; w < W; w++) {
    for (const j of d.jointDims) probeError += Math.abs(recon[w * obsDim + j] - raw.obs[(w * F + H - 1) * obsDim + j]) / d.jointDims.length / W;
  }
  const model = k.map(() => 0);
  const modelAnchored = k.map(() => 0);
  let latentMse = 0;
  for (let w = 0; w < W; w++) {
    for (let d2 = 0; d2 < Z; d2++) latentMse += (pred[w * K * Z + d2] - z[(w * F + H) * Z + d2]) ** 2 / (W * Z);
    k.forEach((kk, i) => {
      let abs = 0;
      let anchored = 0;
      for (const j of d.jointDims) {
        const pred = decoded[(w * K + kk - 1) * obsDim + j];
        const truth = raw.obs[(w * F + H - 1 + kk) * obsDim + j];
        abs += Math.abs(pred - truth);
        anchored += Math.abs(pred - recon[w * obsDim + j] + raw.obs[(w * F + H - 1) * obsDim + j] - truth);
      }
      model[i] += abs / d.jointDims.length / W;
      modelAnchored[i] += anchored / d.jointDims.length / W;
    });
  }
  return {
    step,
    split: d.split,
    windows: W,
    k: [...k],
    unit: d.jointUnit,
    model,
    modelAnchored,
    noChange: d.baselines.noChange,
    linear: d.baselines.linear,
    latentMse,
    probeError,
    collapse: collapseDiagnostics(z, W, F, Z),
    goal: await goalRanking(wm, d.goalEpisodes, obsDim),
  };
}

/** The single number early stopping watches: mean model k-step joint error. */
export function evalScore(r: EvalReport): number {
  return r.model.reduce((a, b) => a + b, 0) / r.model.length;
}
