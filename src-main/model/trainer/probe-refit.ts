// The probe refit: once training ends, the probe alone is trained for a while longer on the exported encoder
// and predictor, everything else frozen. During training the probe chases latents that move every step, so it
// lags behind them; the refit lets the instrument that draws predicted poses and measures k-step error in
// radians settle on the latents the model actually ships with. It still reads stopped latents, so nothing it
// learns can shape them, and BatchNorm statistics are taken from the trained model, not from these steps.
import { adamw, buildTrainStep, warmupCosine } from '../engine';
import type { JepaConfig, TrainConfig } from '../jepa/config';
import { buildTrainGraph, IO } from '../jepa/jepa-graph';
import { unitColumns } from '../jepa/sigreg-reference';
import { trainerStartFrom } from './run-state';
import { normalSource, seedMix } from './seeded-random';
import type { TrajectorySet } from './trajectories';
import { batchCreate, batchFill, drawWindows, type WindowRef, type WindowSpec } from './windows';

export const PROBE_PREFIX = 'probe.';

export interface ProbeRefitOptions {
  cfg: JepaConfig;
  train: TrainConfig;
  /** The trained model's parameters and BatchNorm statistics by name. */
  weights: Record<string, Float32Array>;
  /** Normalised trajectories and the training windows to draw batches from. */
  norm: TrajectorySet;
  refs: readonly WindowRef[];
  spec: WindowSpec;
  threads?: number;
  /** Scratch file for loading the weights into the refit trainer. */
  tmpFile: string;
  cancelled: () => boolean;
  onStep?: (step: number, total: number, probeLoss: number) => void;
}

/** New probe parameters (only those), or null when cancelled or no step was finite. */
export async function probeRefit(o: ProbeRefitOptions): Promise<Record<string, Float32Array> | null> {
  const { cfg, train } = o;
  const steps = train.probeSteps ?? 0;
  if (steps <= 0) return null;
  const B = train.batch;
  const M = train.sigregDirections;
  const tg = buildTrainGraph(cfg, { batch: B, sigregWeight: train.sigregWeight, sigregDirections: M, seed: train.seed });
  const freeze = tg.g.params.map((p) => p.tensor.name).filter((n) => !n.startsWith(PROBE_PREFIX));
  const trainer = await buildTrainStep(tg.g, { optimizer: adamw({ weightDecay: train.weightDecay }), clipNorm: train.gradClip, seed: seedMix(train.seed, 'probe-refit'), threads: o.threads ?? 2, freeze });
  try {
    await trainerStartFrom(trainer, o.weights, o.tmpFile, 'the trained model');
    const batch = batchCreate(B, o.spec, cfg.obsDim, cfg.actDim);
    const dirs = new Float32Array(cfg.latentDim * M);
    const schedule = { peak: train.probeLr ?? train.lr, warmupSteps: Math.min(100, Math.ceil(steps / 10)), totalSteps: steps, finalFraction: 0.05 };
    const seed = seedMix(train.seed, 'probe-refit');
    let applied = 0;
    for (let t = 1; t <= steps; t++) {
      if (o.cancelled()) return null;
      batchFill(o.norm, drawWindows(o.refs, B, seed, t), o.spec, batch);
      // SIGReg is still part of the loss graph (frozen, so it only costs its forward): feed it directions.
      const n = normalSource(seedMix(seed, `sigreg:${t}`));
      for (let i = 0; i < dirs.length; i++) dirs[i] = n();
      unitColumns(dirs, cfg.latentDim, M);
      const r = await trainer.step({ [IO.obs]: batch.obs, [IO.actions]: batch.act, [IO.directions]: dirs }, warmupCosine(schedule, t));
      if (r.applied) applied++;
      o.onStep?.(t, steps, r.terms.probe ?? Number.NaN);
    }
    if (applied === 0) return null;
    const params = trainer.getParams() as Record<string, Float32Array>;
    return Object.fromEntries(Object.entries(params).filter(([n]) => n.startsWith(PROBE_PREFIX)));
  } finally {
    await trainer.dispose();
  }
}
