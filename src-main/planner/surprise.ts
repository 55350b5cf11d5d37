// The surprise monitor: while a plan runs, each new observation's latent is compared with what the model
// predicted for it one block earlier (from the same context and the block actually sent). The world
// behaving as the model expects gives errors like those on held-out data; a cube moved by hand or a
// joint pushed does not. The threshold is a high quantile of that one-block latent error on held-out
// windows, so "surprised" means "rarer than 1 in (1 − q)⁻¹ blocks of ordinary data".
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCodes, PraxisError, type SurpriseEvent } from '../api';
import type { EpisodeFramesRaw, WorldModel } from '../model';

/** Where a model folder keeps its calibration (written by `praxis plan calibrate`). */
export const SURPRISE_FILE = 'surprise.json';
/**
 * Measured on the sim with the shipped model (40 fresh scripted episodes, seed 11): one-block errors have a
 * median of 0.45, q0.95 1.01, q0.97 1.59, q0.99 2.39; planned motion runs up to ≈1.0; a joint left limp for
 * half a second reads ≈2.0 and a cube moved 8 cm ≈3.3. q0.97 is the highest quantile that still catches both.
 */
export const DEFAULT_SURPRISE_QUANTILE = 0.97;

export interface SurpriseCalibration {
  format: 'praxis-surprise/1';
  /** The quantile the threshold was read at. */
  quantile: number;
  /** One-block latent error (L2) above which a block is a surprise. */
  threshold: number;
  /** Median and 99th percentile of the same errors, for scale. */
  median: number;
  p99: number;
  windows: number;
  /** What the windows came from (a dataset path), for the card. */
  source: string;
}

/** L2 distance between two latents. */
export function latentDistance(a: ArrayLike<number>, b: ArrayLike<number>, aAt = 0, bAt = 0, dim = a.length): number {
  let s = 0;
  for (let i = 0; i < dim; i++) {
    const d = a[aAt + i] - b[bAt + i];
    s += d * d;
  }
  return Math.sqrt(s);
}

/** The q-quantile of `values` (linear interpolation between order statistics). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  if (sorted.length === 0) return Number.NaN;
  const at = Math.min(1, Math.max(0, q)) * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/**
 * One-block latent errors over every block boundary of held-out episodes that has a full history behind
 * it: encode the history, roll one block ahead with the recorded actions, compare with the encoding of the
 * frame recorded a block later. The executor measures exactly this while it runs.
 */
export async function oneBlockLatentErrors(model: WorldModel, episodes: readonly EpisodeFramesRaw[]): Promise<number[]> {
  const { obsDim, actDim, history: H, frameskip: fs, latentDim: Z } = model.card.dims;
  const A = model.blockDim;
  const errors: number[] = [];
  for (const ep of episodes) {
    const starts: number[] = [];
    for (let t = (H - 1) * fs; t + fs < ep.length; t += fs) starts.push(t);
    if (starts.length === 0) continue;
    const S = starts.length;
    const ctxObs = new Float32Array(S * H * obsDim);
    const ctxActs = new Float32Array(S * (H - 1) * A);
    const block = new Float32Array(S * A);
    const next = new Float32Array(S * obsDim);
    starts.forEach((t, i) => {
      for (let h = 0; h < H; h++) {
        const f = t - (H - 1 - h) * fs;
        ctxObs.set(ep.observation.subarray(f * obsDim, (f + 1) * obsDim), (i * H + h) * obsDim);
        if (h < H - 1) ctxActs.set(ep.action.subarray(f * actDim, (f + fs) * actDim), (i * (H - 1) + h) * A);
      }
      block.set(ep.action.subarray(t * actDim, (t + fs) * actDim), i * A);
      next.set(ep.observation.subarray((t + fs) * obsDim, (t + fs + 1) * obsDim), i * obsDim);
    });
    const ctx = await model.encode(ctxObs);
    const predicted = await model.rollout({ latents: ctx, actions: ctxActs, perCandidate: true }, block, 1);
    const actual = await model.encode(next);
    for (let i = 0; i < S; i++) errors.push(latentDistance(predicted, actual, i * Z, i * Z, Z));
  }
  return errors;
}

export function surpriseCalibrationFromErrors(errors: readonly number[], source: string, q = DEFAULT_SURPRISE_QUANTILE): SurpriseCalibration {
  if (errors.length < 50) {
    throw new PraxisError(ErrorCodes.DATASET_INCOMPATIBLE, `Only ${errors.length} held-out windows to calibrate the surprise monitor on; at least 50 are needed.`, 'Calibrate on a dataset with more (or longer) episodes.');
  }
  return { format: 'praxis-surprise/1', quantile: q, threshold: quantile(errors, q), median: quantile(errors, 0.5), p99: quantile(errors, 0.99), windows: errors.length, source };
}

export async function surpriseCalibrationRead(modelDir: string): Promise<SurpriseCalibration | null> {
  let text: string;
  try {
    text = await readFile(join(modelDir, SURPRISE_FILE), 'utf8');
  } catch {
    return null;
  }
  const c = JSON.parse(text) as Partial<SurpriseCalibration>;
  if (c.format !== 'praxis-surprise/1' || !(typeof c.threshold === 'number' && c.threshold > 0)) {
    throw new PraxisError(ErrorCodes.MODEL_INCOMPATIBLE, `${join(modelDir, SURPRISE_FILE)} is not a surprise calibration.`, 'Run praxis plan calibrate --model DIR --dataset DS again.');
  }
  return c as SurpriseCalibration;
}

export async function surpriseCalibrationWrite(modelDir: string, c: SurpriseCalibration): Promise<void> {
  await writeFile(join(modelDir, SURPRISE_FILE), `${JSON.stringify(c, null, 2)}\n`);
}

/**
 * Judges executed blocks against the calibration. `scale` multiplies the threshold: the executor's own
 * one-block error on a real arm (sent targets, not recorded actions) runs a little higher than on data.
 */
export class SurpriseMonitor {
  readonly threshold: number;
  private readonly history: SurpriseEvent[] = [];

  constructor(
    readonly calibration: SurpriseCalibration,
    scale = 1,
  ) {
    this.threshold = calibration.threshold * scale;
  }

  /** Score one executed block: predicted and observed latents [Z]. */
  judge(block: number, predicted: ArrayLike<number>, observed: ArrayLike<number>): SurpriseEvent & { surprised: boolean } {
    const error = latentDistance(predicted, observed);
    const event = { block, error, threshold: this.threshold, ratio: error / this.threshold };
    this.history.push(event);
    return { ...event, surprised: event.ratio > 1 };
  }

  /** Every judged block so far (the timeline draws them). */
  get events(): readonly SurpriseEvent[] {
    return this.history;
  }
}
