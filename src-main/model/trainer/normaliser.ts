// Per-dimension standardisation from the dataset's meta/stats.json (mean, std), stored in the model card so
// inference normalises exactly as training did. A dimension that never moved (std ≈ 0) is only centred.
import { ErrorCodes, PraxisError } from '../../api';
import type { Normaliser } from '../runtime/normalisation';

export type { Normaliser };

const MIN_STD = 1e-3;

export interface FeatureMoments {
  mean: number[];
  std: number[];
}

/** Build a normaliser from per-feature moments (as in stats.json), concatenating the observation features. */
export function normaliserFromStats(stats: Record<string, Partial<FeatureMoments> | undefined>, obsFeatures: readonly string[], actFeature = 'action'): Normaliser {
  const take = (key: string): FeatureMoments => {
    const s = stats[key];
    if (!s?.mean || !s.std || s.mean.length !== s.std.length) {
      throw new PraxisError(ErrorCodes.DATASET_CORRUPT, `meta/stats.json has no mean/std for ${key}`, 'Recompute the dataset statistics (praxis dataset stats) or re-export it from LeRobot.', { feature: key });
    }
    return { mean: s.mean.map(Number), std: s.std.map(Number) };
  };
  const obs = obsFeatures.map(take);
  const act = take(actFeature);
  return {
    obsMean: obs.flatMap((o) => o.mean),
    obsStd: obs.flatMap((o) => o.std.map(floorStd)),
    actMean: act.mean,
    actStd: act.std.map(floorStd),
  };
}

function floorStd(s: number): number {
  return Number.isFinite(s) && s > MIN_STD ? s : 1;
}

/** Moments computed from rows laid out [rows, dim] (for data that has no stats.json, e.g. synthetic). */
export function momentsOf(x: ArrayLike<number>, rows: number, dim: number): FeatureMoments {
  const mean = new Array<number>(dim).fill(0);
  const sq = new Array<number>(dim).fill(0);
  for (let r = 0; r < rows; r++) for (let i = 0; i < dim; i++) mean[i] += x[r * dim + i];
  for (let i = 0; i < dim; i++) mean[i] /= Math.max(1, rows);
  for (let r = 0; r < rows; r++) for (let i = 0; i < dim; i++) sq[i] += (x[r * dim + i] - mean[i]) ** 2;
  return { mean, std: sq.map((s) => floorStd(Math.sqrt(s / Math.max(1, rows)))) };
}

/** Check the normaliser fits the data's widths; a model trained on another robot gets a coded error. */
export function normaliserCheck(n: Normaliser, obsDim: number, actDim: number): void {
  if (n.obsMean.length !== obsDim || n.actMean.length !== actDim) {
    throw new PraxisError(
      ErrorCodes.MODEL_INCOMPATIBLE,
      `the model expects ${n.obsMean.length} observation and ${n.actMean.length} action values, the data has ${obsDim} and ${actDim}`,
      'Use a model trained for this robot and these features, or train a new one with praxis train.',
      { model: { obs: n.obsMean.length, act: n.actMean.length }, data: { obs: obsDim, act: actDim } },
    );
  }
}
