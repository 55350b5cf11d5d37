// The normaliser a model was trained with, kept in its card: observations and actions are standardised per
// dimension on the way in, and decoded observations de-standardised on the way out.

export interface Normaliser {
  obsMean: number[];
  obsStd: number[];
  actMean: number[];
  actStd: number[];
}

/** (x − mean) / std over rows of width mean.length, into `out` (may alias x). */
export function standardise(x: ArrayLike<number>, mean: readonly number[], std: readonly number[], out: Float32Array): Float32Array {
  const d = mean.length;
  for (let i = 0; i < out.length; i++) out[i] = (x[i] - mean[i % d]) / std[i % d];
  return out;
}

/** x·std + mean over rows of width mean.length, into `out` (may alias x). */
export function destandardise(x: ArrayLike<number>, mean: readonly number[], std: readonly number[], out: Float32Array): Float32Array {
  const d = mean.length;
  for (let i = 0; i < out.length; i++) out[i] = x[i] * std[i % d] + mean[i % d];
  return out;
}
