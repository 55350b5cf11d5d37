// The searches over action sequences, pure over typed arrays and one injected rollout: CEM (LeWM), MPPI,
// random shooting, and the amortised fast path (finite-difference gradient refinement of a warm start).
// The search variable is one joint target per block [H, actDim]; a block's frameskip raw actions ramp to it
// linearly from the previous target, as a teleoperated arm's targets move (a held step would be out of the
// training data's distribution). Every candidate of an iteration goes to the model in one batched rollout.
import { gaussian, mulberry32 } from '../model/engine';
import type { CandidateScorer } from './costs';
import type { PlanContext, PlannerSettings, PlanningModel, RolloutView } from './types';

export interface SearchProblem {
  model: PlanningModel;
  context: PlanContext;
  settings: PlannerSettings;
  scorer: CandidateScorer;
  horizon: number;
  /** The target before the plan [actDim]: the last command sent, or the current joints. */
  start: Float32Array;
  /** The joints now [J] (guardrails measure the first step's speed from here). */
  current: Float32Array;
  /** Per action dim: the range a target is clipped to (the joint limits), radians. */
  lower: Float32Array;
  upper: Float32Array;
}

/** Where a search starts: the mean and std of the sampling distribution, [H, actDim] each. */
export interface SearchDistribution {
  mean: Float32Array;
  std: Float32Array;
}

export interface SearchOutcome {
  /** The last scored batch: its targets [N, H, actDim], its rollout, and its candidates by rising cost. */
  targets: Float32Array;
  view: RolloutView;
  order: Int32Array;
  /** The best candidate of the last batch (order[0]). */
  best: number;
  iterations: number;
  candidateSteps: number;
  rolloutMs: number;
}

/** Ramp each block's frameskip raw actions from the previous target to the block's target. */
export function targetsToBlocks(targets: Float32Array, start: Float32Array, count: number, horizon: number, actDim: number, frameskip: number, out: Float32Array): Float32Array {
  const B = frameskip * actDim;
  for (let n = 0; n < count; n++) {
    for (let s = 0; s < horizon; s++) {
      const t = (n * horizon + s) * actDim;
      const prev = s === 0 ? -1 : t - actDim;
      for (let f = 0; f < frameskip; f++) {
        const u = (f + 1) / frameskip;
        for (let a = 0; a < actDim; a++) {
          const from = prev < 0 ? start[a] : targets[prev + a];
          out[(n * horizon + s) * B + f * actDim + a] = from + u * (targets[t + a] - from);
        }
      }
    }
  }
  return out;
}

function argsort(costs: Float32Array, n: number, out: Int32Array): Int32Array {
  for (let i = 0; i < n; i++) out[i] = i;
  const idx = out.subarray(0, n);
  idx.sort((a, b) => costs[a] - costs[b] || a - b);
  return out;
}

class Batch {
  readonly targets: Float32Array;
  readonly blocks: Float32Array;
  readonly order: Int32Array;
  rolloutMs = 0;
  candidateSteps = 0;
  constructor(
    private readonly p: SearchProblem,
    readonly capacity: number,
  ) {
    const { horizon: H, model } = p;
    this.targets = new Float32Array(capacity * H * model.actDim);
    this.blocks = new Float32Array(capacity * H * model.blockDim);
    this.order = new Int32Array(capacity);
  }

  clip(n: number): void {
    const A = this.p.model.actDim;
    const { lower, upper } = this.p;
    for (let i = n * this.p.horizon * A; i < (n + 1) * this.p.horizon * A; i++) {
      const a = i % A;
      const v = this.targets[i];
      this.targets[i] = Math.min(upper[a], Math.max(lower[a], v));
    }
  }

  /** Roll out and score the first `n` candidates; returns their costs. */
  async evaluate(n: number): Promise<{ view: RolloutView; costs: Float32Array }> {
    const { model, horizon: H, context, scorer, start, current } = this.p;
    targetsToBlocks(this.targets, start, n, H, model.actDim, model.frameskip, this.blocks);
    const t0 = performance.now();
    const view = await model.rollout(context, this.blocks.subarray(0, n * H * model.blockDim), n, H);
    this.rolloutMs += performance.now() - t0;
    this.candidateSteps += n * H;
    const costs = scorer.score(view, this.targets.subarray(0, n * H * model.actDim), start, current);
    argsort(costs, n, this.order);
    return { view, costs };
  }
}

/**
 * CEM, MPPI or random shooting from `dist` (updated in place): each iteration samples `samples` candidates
 * around the mean (candidate 0 is the mean itself, so an iteration never loses the best so far), rolls them
 * out in one call, and refits the distribution — on the elites (CEM) or on exponentially weighted
 * candidates (MPPI).
 */
export async function sampleSearch(p: SearchProblem, dist: SearchDistribution, iterations: number): Promise<SearchOutcome> {
  const s = p.settings;
  const N = Math.max(2, s.samples);
  const H = p.horizon;
  const A = p.model.actDim;
  const HA = H * A;
  const batch = new Batch(p, N);
  const normal = gaussian(mulberry32(s.seed));
  const iters = s.planner === 'random' ? 1 : Math.max(1, iterations);
  let last: { view: RolloutView; costs: Float32Array } | null = null;
  const weights = new Float64Array(N);
  for (let it = 0; it < iters; it++) {
    const x = batch.targets;
    for (let n = 0; n < N; n++) {
      for (let i = 0; i < HA; i++) x[n * HA + i] = n === 0 ? dist.mean[i] : dist.mean[i] + dist.std[i] * normal();
      batch.clip(n);
    }
    last = await batch.evaluate(N);
    if (it === iters - 1) break;
    const costs = last.costs;
    if (s.planner === 'mppi') {
      const min = costs[batch.order[0]];
      const median = costs[batch.order[N >> 1]];
      const lambda = Math.max(1e-12, s.temperature * (median - min));
      let sum = 0;
      for (let n = 0; n < N; n++) {
        weights[n] = Math.exp(-(costs[n] - min) / lambda);
        sum += weights[n];
      }
      for (let i = 0; i < HA; i++) {
        let m = 0;
        for (let n = 0; n < N; n++) m += weights[n] * x[n * HA + i];
        m /= sum;
        let v = 0;
        for (let n = 0; n < N; n++) v += weights[n] * (x[n * HA + i] - m) ** 2;
        dist.mean[i] = m;
        dist.std[i] = Math.max(s.minStd, Math.sqrt(v / sum));
      }
    } else {
      const K = Math.max(1, Math.min(s.elites, N));
      for (let i = 0; i < HA; i++) {
        let m = 0;
        for (let k = 0; k < K; k++) m += x[batch.order[k] * HA + i];
        m /= K;
        let v = 0;
        for (let k = 0; k < K; k++) v += (x[batch.order[k] * HA + i] - m) ** 2;
        dist.mean[i] = m;
        dist.std[i] = Math.max(s.minStd, Math.sqrt(v / K));
      }
    }
  }
  const view = (last as { view: RolloutView }).view;
  return { targets: batch.targets, view, order: batch.order, best: batch.order[0], iterations: iters, candidateSteps: batch.candidateSteps, rolloutMs: batch.rolloutMs };
}

/** Step sizes (rad, along the unit descent direction) tried by the line search, 0 first: never worse. */
const LINE_STEPS = [0, 0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32];
/** Finite-difference probe (rad): well above float32 noise in the predictor, well below a servo's deadband. */
const PROBE = 0.01;

/**
 * The amortised fast path: refine `mean` by `steps` gradient steps, each the central finite-difference
 * gradient of the cost over all H × actDim targets (2·H·actDim + 1 candidates, one batched rollout) and a line
 * search along it (one more, small, batched rollout). Cheaper than CEM when warm-started near the answer
 * (arXiv 2512.09929 finds gradient planning matches CEM at a tenth of the time).
 */
export async function gradientRefine(p: SearchProblem, mean: Float32Array, steps: number): Promise<SearchOutcome> {
  const H = p.horizon;
  const A = p.model.actDim;
  const HA = H * A;
  const probes = 2 * HA + 1;
  const batch = new Batch(p, Math.max(probes, LINE_STEPS.length));
  const grad = new Float32Array(HA);
  let last: { view: RolloutView; costs: Float32Array } | null = null;
  const x = batch.targets;
  let iterations = 0;
  for (let step = 0; step < Math.max(1, steps); step++) {
    for (let n = 0; n < probes; n++) {
      x.set(mean, n * HA);
      if (n > 0) x[n * HA + ((n - 1) >> 1)] += (n & 1 ? 1 : -1) * PROBE;
      batch.clip(n);
    }
    const g = await batch.evaluate(probes);
    let norm = 0;
    for (let i = 0; i < HA; i++) {
      const up = x[(2 * i + 1) * HA + i] - mean[i];
      const down = mean[i] - x[(2 * i + 2) * HA + i];
      const width = up + down;
      grad[i] = width > 0 ? (g.costs[2 * i + 1] - g.costs[2 * i + 2]) / width : 0;
      norm += grad[i] * grad[i];
    }
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < LINE_STEPS.length; k++) {
      for (let i = 0; i < HA; i++) x[k * HA + i] = mean[i] - (LINE_STEPS[k] * grad[i]) / norm;
      batch.clip(k);
    }
    last = await batch.evaluate(LINE_STEPS.length);
    mean.set(x.subarray(batch.order[0] * HA, (batch.order[0] + 1) * HA));
    iterations++;
    if (batch.order[0] === 0) break; // no step size helped: at a (local) minimum
  }
  const view = (last as { view: RolloutView }).view;
  return { targets: batch.targets, view, order: batch.order, best: batch.order[0], iterations, candidateSteps: batch.candidateSteps, rolloutMs: batch.rolloutMs };
}
