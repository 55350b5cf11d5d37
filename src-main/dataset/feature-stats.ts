// Normalisation statistics exactly as LeRobot computes them (datasets/compute_stats.py): per-dimension
// min/max/mean/std/count plus q01..q99 read off a 5000-bin histogram, aggregated across episodes with
// count-weighted means and pooled variances. The world-model trainer normalises with these numbers, so
// they must agree with what LeRobot would write for the same data.

export const QUANTILES = [0.01, 0.1, 0.5, 0.9, 0.99] as const;
export const QUANTILE_KEYS = ['q01', 'q10', 'q50', 'q90', 'q99'] as const;
const HISTOGRAM_BINS = 5000;

export type StatKey = 'min' | 'max' | 'mean' | 'std' | 'count' | (typeof QUANTILE_KEYS)[number];

/** Stats of one feature; every entry is one value per dimension (per channel for images), `count` is [n]. */
export type FeatureStats = Record<StatKey, number[]>;
export type DatasetStats = Record<string, FeatureStats>;

/** Statistics of `rows` samples of `width` values each, laid out row-major in `values`. */
export function computeFeatureStats(values: ArrayLike<number>, rows: number, width: number): FeatureStats {
  const min = new Array<number>(width).fill(Number.POSITIVE_INFINITY);
  const max = new Array<number>(width).fill(Number.NEGATIVE_INFINITY);
  const mean = new Array<number>(width).fill(0);
  const meanSq = new Array<number>(width).fill(0);
  for (let r = 0; r < rows; r++) {
    for (let d = 0; d < width; d++) {
      const v = values[r * width + d];
      if (v < min[d]) min[d] = v;
      if (v > max[d]) max[d] = v;
      mean[d] += v;
      meanSq[d] += v * v;
    }
  }
  const std = new Array<number>(width);
  for (let d = 0; d < width; d++) {
    mean[d] /= Math.max(rows, 1);
    meanSq[d] /= Math.max(rows, 1);
    std[d] = Math.sqrt(Math.max(0, meanSq[d] - mean[d] * mean[d]));
  }
  const stats: FeatureStats = { min, max, mean, std, count: [rows], q01: [], q10: [], q50: [], q90: [], q99: [] };
  if (rows < 2) {
    // LeRobot's _compute_basic_stats: too few samples for a histogram, quantiles fall back to the mean.
    for (const k of QUANTILE_KEYS) stats[k] = mean.slice();
    return stats;
  }
  const hist = new Float64Array(HISTOGRAM_BINS);
  for (let d = 0; d < width; d++) {
    hist.fill(0);
    const lo = min[d] - 1e-10;
    const hi = max[d] + 1e-10;
    const scale = HISTOGRAM_BINS / (hi - lo);
    for (let r = 0; r < rows; r++) {
      let bin = Math.floor((values[r * width + d] - lo) * scale);
      if (bin >= HISTOGRAM_BINS) bin = HISTOGRAM_BINS - 1;
      if (bin < 0) bin = 0;
      hist[bin] += 1;
    }
    QUANTILES.forEach((q, i) => {
      stats[QUANTILE_KEYS[i]].push(histogramQuantile(hist, lo, hi, q * rows));
    });
  }
  return stats;
}

function histogramQuantile(hist: Float64Array, lo: number, hi: number, target: number): number {
  const edge = (i: number) => lo + ((hi - lo) * i) / hist.length;
  let cumulative = 0;
  for (let idx = 0; idx < hist.length; idx++) {
    const before = cumulative;
    cumulative += hist[idx];
    if (cumulative >= target) {
      if (idx === 0) return edge(0);
      const inBin = cumulative - before;
      if (inBin === 0) return edge(idx);
      return edge(idx) + ((target - before) / inBin) * (edge(idx + 1) - edge(idx));
    }
  }
  return edge(hist.length);
}

/** LeRobot's aggregate_feature_stats: exact pooled mean/std, min of lower quantiles, max of upper ones. */
export function aggregateFeatureStats(list: FeatureStats[]): FeatureStats {
  const width = list[0].mean.length;
  const total = list.reduce((a, s) => a + s.count[0], 0);
  const mean = new Array<number>(width).fill(0);
  for (const s of list) for (let d = 0; d < width; d++) mean[d] += (s.mean[d] * s.count[0]) / total;
  const variance = new Array<number>(width).fill(0);
  for (const s of list) {
    for (let d = 0; d < width; d++) {
      const delta = s.mean[d] - mean[d];
      variance[d] += ((s.std[d] * s.std[d] + delta * delta) * s.count[0]) / total;
    }
  }
  const pick = (key: StatKey, f: (...v: number[]) => number) =>
    Array.from({ length: width }, (_, d) => f(...list.map((s) => s[key][d])));
  const out: FeatureStats = {
    min: pick('min', Math.min),
    max: pick('max', Math.max),
    mean,
    std: variance.map(Math.sqrt),
    count: [total],
    q01: [],
    q10: [],
    q50: [],
    q90: [],
    q99: [],
  };
  for (const k of QUANTILE_KEYS) {
    out[k] = Number(k.slice(1)) <= 50 ? pick(k, Math.min) : pick(k, Math.max);
  }
  return out;
}

/** Union of features across per-episode stats, each feature aggregated over the episodes that have it. */
export function aggregateStats(list: DatasetStats[]): DatasetStats {
  const keys = new Set(list.flatMap((s) => Object.keys(s)));
  const out: DatasetStats = {};
  for (const key of keys) out[key] = aggregateFeatureStats(list.filter((s) => key in s).map((s) => s[key]));
  return out;
}

/** LeRobot's estimate_num_samples + sample_indices: which frames of an episode feed image statistics. */
export function imageSampleIndices(length: number): number[] {
  const minSamples = Math.min(100, length);
  const n = Math.max(minSamples, Math.min(Math.floor(length ** 0.75), 10_000));
  if (n <= 1) return length > 0 ? [0] : [];
  return Array.from({ length: n }, (_, i) => Math.round((i * (length - 1)) / (n - 1)));
}

/**
 * Per-channel stats over sampled RGB frames, scaled to [0, 1] as LeRobot does for `video` features.
 * Frames over 300 px are strided down like auto_downsample_height_width (target 150 px).
 */
export function computeImageStats(frames: Uint8Array[], height: number, width: number): FeatureStats {
  const step = Math.max(width, height) < 300 ? 1 : Math.floor(Math.max(width, height) / 150);
  const h = Math.ceil(height / step);
  const w = Math.ceil(width / step);
  const perFrame = h * w;
  const pixels = new Float32Array(frames.length * perFrame * 3);
  let o = 0;
  for (const f of frames) {
    for (let y = 0; y < height; y += step) {
      for (let x = 0; x < width; x += step) {
        const i = (y * width + x) * 3;
        pixels[o++] = f[i] / 255;
        pixels[o++] = f[i + 1] / 255;
        pixels[o++] = f[i + 2] / 255;
      }
    }
  }
  const stats = computeFeatureStats(pixels, frames.length * perFrame, 3);
  stats.count = [frames.length]; // LeRobot counts images, not pixels
  return stats;
}
