// The probe refit: once training ends, the probe alone is trained for a while longer on the latents of the
// exported model. During training the probe chases latents that move every step, and it sees them through
// BatchNorm in training mode (each batch normalised by its own statistics), while the shipped encoder uses
// the running statistics: both make it decode the shipped latents less precisely than it could (on the sim
// arm a probe fitted offline on the shipped latents reached 0.016 rad where the trained probe sat at 0.022).
// So the refit first runs the exported encoder and predictor, in inference mode, over training windows, and
// then fits the probe alone on those latents: the encoded frames and the one-block predictions, each paired
// with its recorded observation. It reads latents as data, so nothing it learns can shape them.
import { adamw, buildTrainStep, GraphBuilder, warmupCosine } from '../engine';
import type { JepaConfig, TrainConfig } from '../jepa/config';
import { probeDecode } from '../jepa/jepa-graph';
import type { WorldModel } from '../runtime/world-model';
import { windowsThin } from './evaluation';
import { trainerStartFrom } from './run-state';
import { seedMix, uniformSource } from './seeded-random';
import type { TrajectorySet } from './trajectories';
import { batchCreate, batchFill, type WindowRef, type WindowSpec } from './windows';

export const PROBE_PREFIX = 'probe.';

/** Rows of (latent, observation) per refit step. */
const REFIT_BATCH = 1024;
/** Training windows whose latents the refit collects (evenly spaced; each gives history + 2 pairs). */
const REFIT_WINDOWS = 32768;
/** Windows per encoder / predictor pass while collecting. */
const COLLECT_CHUNK = 1024;
/**
 * Share of each refit batch drawn from the predicted rows. Collection gives one predicted row per window
 * against four encoded ones, but what the probe is for — the planner's ghosts, the k-step error — is decoding
 * predictions, so they get half of every batch. On the sim arm (latent 48): k = 1 error 0.0130 → 0.0123 rad
 * with the probe floor 0.0075 → 0.0077; weighting them 0.8 raised the floor to 0.0099 for no further gain.
 */
export const PREDICTED_SHARE = 0.5;

export interface ProbeRefitOptions {
  cfg: JepaConfig;
  train: TrainConfig;
  /** The trained model's parameters by name: the probe starts from its trained weights. */
  weights: Record<string, Float32Array>;
  /** The exported model, whose encoder and predictor produce the latents the probe is fitted on. */
  wm: WorldModel;
  /** The training trajectories, raw (model input) and normalised (probe target), and their windows. */
  raw: TrajectorySet;
  norm: TrajectorySet;
  refs: readonly WindowRef[];
  /** History windows with a horizon of one block. */
  spec: WindowSpec;
  threads?: number;
  /** Scratch file for loading the starting probe into the refit trainer. */
  tmpFile: string;
  cancelled: () => boolean;
  onStep?: (step: number, total: number, probeLoss: number) => void;
}

export interface ProbePairs {
  count: number;
  /** Rows per window: the window's encoded frames, then its one predicted latent. */
  rowsPerWindow: number;
  /** [count, latentDim] */
  latents: Float32Array;
  /** [count, obsDim], normalised */
  targets: Float32Array;
}

/**
 * Latent / observation pairs from the exported model: for each window, the encoded latent of every frame and
 * the predictor's latent for the frame after the history, given the recorded action blocks.
 */
export async function probePairsCollect(wm: WorldModel, raw: TrajectorySet, norm: TrajectorySet, refs: readonly WindowRef[], spec: WindowSpec, cancelled: () => boolean): Promise<ProbePairs | null> {
  const H = spec.history;
  const T = H + 1;
  const Z = wm.latentDim;
  const D = raw.obsDim;
  const A = wm.blockDim;
  const windows = windowsThin(refs, REFIT_WINDOWS);
  const perWindow = T + 1;
  const latents = new Float32Array(windows.length * perWindow * Z);
  const targets = new Float32Array(windows.length * perWindow * D);
  for (let at = 0; at < windows.length; at += COLLECT_CHUNK) {
    if (cancelled()) return null;
    const chunk = windows.slice(at, at + COLLECT_CHUNK);
    const n = chunk.length;
    const rawBatch = batchFill(raw, chunk, spec, batchCreate(n, spec, raw.obsDim, raw.actDim));
    const normBatch = batchFill(norm, chunk, spec, batchCreate(n, spec, raw.obsDim, raw.actDim));
    const z = await wm.encode(rawBatch.obs);
    const context = new Float32Array(n * H * Z);
    const contextActs = new Float32Array(n * (H - 1) * A);
    const next = new Float32Array(n * A);
    for (let i = 0; i < n; i++) {
      context.set(z.subarray(i * T * Z, (i * T + H) * Z), i * H * Z);
      contextActs.set(rawBatch.act.subarray(i * H * A, (i * H + H - 1) * A), i * (H - 1) * A);
      next.set(rawBatch.act.subarray((i * H + H - 1) * A, (i * H + H) * A), i * A);
    }
    const predicted = await wm.rollout({ latents: context, actions: contextActs, perCandidate: true }, next, 1);
    for (let i = 0; i < n; i++) {
      const row = (at + i) * perWindow;
      latents.set(z.subarray(i * T * Z, (i + 1) * T * Z), row * Z);
      targets.set(normBatch.obs.subarray(i * T * D, (i + 1) * T * D), row * D);
      latents.set(predicted.subarray(i * Z, (i + 1) * Z), (row + T) * Z);
      targets.set(normBatch.obs.subarray((i * T + H) * D, (i * T + H + 1) * D), (row + T) * D);
    }
  }
  return { count: windows.length * perWindow, rowsPerWindow: perWindow, latents, targets };
}

/** Draws refit rows: a predicted row with probability PREDICTED_SHARE, else one of the encoded frames. */
export function pairRowSampler(pairs: Pick<ProbePairs, 'count' | 'rowsPerWindow'>, seed: number): () => number {
  const pick = uniformSource(seed);
  const per = pairs.rowsPerWindow;
  const windows = pairs.count / per;
  return () => {
    const w = Math.floor(pick() * windows) * per;
    return pick() < PREDICTED_SHARE ? w + per - 1 : w + Math.floor(pick() * (per - 1));
  };
}

/** New probe parameters (only those), or null when cancelled or no step was finite. */
export async function probeRefit(o: ProbeRefitOptions): Promise<Record<string, Float32Array> | null> {
  const { cfg, train } = o;
  const steps = train.probeSteps ?? 0;
  if (steps <= 0) return null;
  const pairs = await probePairsCollect(o.wm, o.raw, o.norm, o.refs, o.spec, o.cancelled);
  if (!pairs || pairs.count === 0) return null;

  const B = Math.min(REFIT_BATCH, pairs.count);
  const g = new GraphBuilder('probe-refit', { dtype: 'float32', seed: train.seed });
  const latent = g.input('latent', [B, cfg.latentDim]);
  const target = g.input('target', [B, cfg.obsDim]);
  // The same loss as the probe's term in training: mean absolute error in normalised units.
  g.loss('probe', g.reduceMean(g.abs(g.sub(probeDecode(g, latent, cfg), target))));
  const seed = seedMix(train.seed, 'probe-refit');
  const trainer = await buildTrainStep(g, { optimizer: adamw({ weightDecay: train.weightDecay }), clipNorm: train.gradClip, seed, threads: o.threads ?? 2 });
  try {
    await trainerStartFrom(trainer, o.weights, o.tmpFile, 'the trained model');
    const Z = cfg.latentDim;
    const D = cfg.obsDim;
    const lat = new Float32Array(B * Z);
    const tgt = new Float32Array(B * D);
    const nextRow = pairRowSampler(pairs, seed);
    const schedule = { peak: train.probeLr ?? train.lr, warmupSteps: Math.min(100, Math.ceil(steps / 10)), totalSteps: steps, finalFraction: 0.05 };
    let applied = 0;
    for (let t = 1; t <= steps; t++) {
      if (o.cancelled()) return null;
      for (let b = 0; b < B; b++) {
        const r = nextRow();
        lat.set(pairs.latents.subarray(r * Z, (r + 1) * Z), b * Z);
        tgt.set(pairs.targets.subarray(r * D, (r + 1) * D), b * D);
      }
      const res = await trainer.step({ latent: lat, target: tgt }, warmupCosine(schedule, t));
      if (res.applied) applied++;
      o.onStep?.(t, steps, res.terms.probe ?? Number.NaN);
    }
    if (applied === 0) return null;
    const params = trainer.getParams() as Record<string, Float32Array>;
    return Object.fromEntries(Object.entries(params).filter(([n]) => n.startsWith(PROBE_PREFIX)));
  } finally {
    await trainer.dispose();
  }
}
