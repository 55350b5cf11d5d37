// What a run carries besides weights, and the small steps around it: a checkpoint's run state (enough to
// resume, and to refuse resuming something else), normalising trajectories once, and starting a trainer
// from a trained model's weights.
import { rm } from 'node:fs/promises';
import { ErrorCodes, PraxisError } from '../../api';
import { encodeCheckpoint, type Trainer } from '../engine';
import type { JepaConfig, TrainConfig } from '../jepa/config';
import { standardise } from '../runtime/normalisation';
import { fileWriteAtomic } from './model-files';
import type { Normaliser } from './normaliser';
import type { TrajectorySet } from './trajectories';

export const RUN_STATE_FORMAT = 'praxis-jepa-run/1';

/** What a checkpoint carries besides weights: enough to resume, and to refuse resuming something else. */
export interface RunState {
  format: typeof RUN_STATE_FORMAT;
  model: JepaConfig;
  train: TrainConfig;
  normaliser: Normaliser;
  split: { train: number[]; val: number[] };
  best: { score: number; step: number } | null;
  stale: number;
  initFrom: string | null;
  /** A fine-tune's base model score on the validation episodes, and the best score trained weights reached (the verdict's inputs). */
  baseScore?: number | null;
  bestTriedScore?: number | null;
  /** Names and rates of the data, so a checkpoint exports to a complete card on its own. */
  data: Pick<TrajectorySet, 'obsNames' | 'actNames' | 'jointDims' | 'fps' | 'obsFeatures' | 'obsUnits' | 'actUnits' | 'jointUnit'>;
}

export function normaliseSet(set: TrajectorySet, n: Normaliser): TrajectorySet {
  return {
    ...set,
    trajectories: set.trajectories.map((t) => ({
      ...t,
      observation: standardise(t.observation, n.obsMean, n.obsStd, new Float32Array(t.observation.length)),
      action: standardise(t.action, n.actMean, n.actStd, new Float32Array(t.action.length)),
    })),
  };
}

export function finiteWeights(w: Record<string, ArrayLike<number>>): boolean {
  for (const v of Object.values(w)) for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}


/**
 * Start a trainer from a trained model's parameters and BatchNorm statistics with fresh optimiser moments.
 * A zero-step checkpoint built from them is the one public way to set both (the engine has no setBuffers).
 */
export async function trainerStartFrom(trainer: Trainer, weights: Record<string, Float32Array>, tmp: string, source: string): Promise<void> {
  const state = {
    graph: trainer.graph.name,
    step: 0,
    seed: trainer.seed,
    config: null,
    params: {} as Record<string, { shape: readonly number[]; data: Float32Array }>,
    adamM: {} as Record<string, Float32Array>,
    adamV: {} as Record<string, Float32Array>,
    buffers: {} as Record<string, { shape: readonly number[]; data: Float32Array }>,
  };
  for (const s of trainer.slots) {
    const w = weights[s.name];
    if (!w || w.length !== s.size) throw new PraxisError(ErrorCodes.CHECKPOINT_MISMATCH, `${source} has no ${s.size}-value weight '${s.name}'`, 'Fine-tune from a model trained with this version of Praxis.');
    state.params[s.name] = { shape: s.shape, data: w };
    state.adamM[s.name] = new Float32Array(s.size);
    state.adamV[s.name] = new Float32Array(s.size);
  }
  for (const [name, b] of Object.entries(trainer.getBuffers())) state.buffers[name] = { shape: [b.length], data: weights[name] ?? (b as Float32Array) };
  await fileWriteAtomic(tmp, encodeCheckpoint(state));
  try {
    await trainer.loadCheckpoint(tmp);
  } finally {
    await rm(tmp, { force: true });
  }
}
