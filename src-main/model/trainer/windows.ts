// Training windows over trajectories, as LeWM samples them: `history + horizon` observations spaced
// `frameskip` raw frames apart, and for every step but the last the block of `frameskip` raw actions that
// leads to the next observation, flattened to frameskip × actDim. The split is by episode, so validation
// never sees a frame of a training episode.
import { ErrorCodes, PraxisError } from '../../api';
import { seedMix, shuffledIndices, uniformSource } from './seeded-random';
import type { TrajectorySet } from './trajectories';

export interface WindowSpec {
  history: number;
  /** Observations predicted after the history (1 to train, up to the largest k to evaluate). */
  horizon: number;
  frameskip: number;
}

export interface WindowRef {
  /** Index into TrajectorySet.trajectories. */
  traj: number;
  /** First raw frame. */
  start: number;
}

export interface WindowBatch {
  size: number;
  frames: number;
  obsDim: number;
  /** frameskip × actDim */
  blockDim: number;
  /** [size, frames, obsDim] */
  obs: Float32Array;
  /** [size, frames − 1, blockDim]: block t leads from observation t to t + 1. */
  act: Float32Array;
}

export const windowFrames = (s: WindowSpec): number => s.history + s.horizon;
/** Raw frames one window covers. */
export const windowSpan = (s: WindowSpec): number => (windowFrames(s) - 1) * s.frameskip + 1;

export function windowSpecCheck(s: WindowSpec): void {
  for (const [k, v] of Object.entries(s)) {
    if (!Number.isInteger(v) || v < 1) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `window ${k} must be a positive integer, got ${v}`);
  }
}

export interface EpisodeSplit {
  /** Indices into TrajectorySet.trajectories. */
  train: number[];
  val: number[];
}

/**
 * Seeded episode-level split. With two or more episodes at least one goes to validation and at least one
 * stays for training; a single episode trains with no validation (early stopping is then off).
 */
export function splitEpisodes(count: number, valFraction: number, seed: number): EpisodeSplit {
  if (count < 2 || valFraction <= 0) return { train: Array.from({ length: count }, (_, i) => i), val: [] };
  const order = shuffledIndices(count, seedMix(seed, 'split'));
  const nVal = Math.min(count - 1, Math.max(1, Math.round(count * valFraction)));
  return { train: order.slice(nVal).sort((a, b) => a - b), val: order.slice(0, nVal).sort((a, b) => a - b) };
}

/** Every window start, `stride` raw frames apart, in the given trajectories. */
export function windowsOf(set: TrajectorySet, trajs: readonly number[], spec: WindowSpec, stride = 1): WindowRef[] {
  windowSpecCheck(spec);
  const span = windowSpan(spec);
  const out: WindowRef[] = [];
  for (const traj of trajs) {
    const len = set.trajectories[traj].length;
    for (let start = 0; start + span <= len; start += stride) out.push({ traj, start });
  }
  return out;
}

/** A coded error when no window fits, naming the shortest episode length that would. */
export function windowsRequire(refs: readonly WindowRef[], spec: WindowSpec, what: string): void {
  if (refs.length === 0) {
    throw new PraxisError(
      ErrorCodes.DATASET_INCOMPATIBLE,
      `no ${what} episode is long enough for one window of ${windowFrames(spec)} observations ${spec.frameskip} frames apart (${windowSpan(spec)} frames)`,
      'Record longer episodes, or lower the history, horizon or frameskip.',
      { span: windowSpan(spec) },
    );
  }
}

/** `size` windows drawn with replacement; the same seed and step draw the same windows. */
export function drawWindows(refs: readonly WindowRef[], size: number, seed: number, step: number): WindowRef[] {
  const u = uniformSource(seedMix(seed, `draw:${step}`));
  return Array.from({ length: size }, () => refs[Math.floor(u() * refs.length)]);
}

export function batchCreate(size: number, spec: WindowSpec, obsDim: number, actDim: number): WindowBatch {
  const frames = windowFrames(spec);
  const blockDim = spec.frameskip * actDim;
  return { size, frames, obsDim, blockDim, obs: new Float32Array(size * frames * obsDim), act: new Float32Array(size * (frames - 1) * blockDim) };
}

/** Copy the windows into a batch (reused between steps: no per-step allocation). */
export function batchFill(set: TrajectorySet, refs: readonly WindowRef[], spec: WindowSpec, out: WindowBatch): WindowBatch {
  if (refs.length !== out.size) throw new RangeError(`batch holds ${out.size} windows, given ${refs.length}`);
  const { obsDim, actDim } = set;
  const fs = spec.frameskip;
  const frames = out.frames;
  refs.forEach((r, b) => {
    const t = set.trajectories[r.traj];
    for (let f = 0; f < frames; f++) {
      const src = (r.start + f * fs) * obsDim;
      out.obs.set(t.observation.subarray(src, src + obsDim), (b * frames + f) * obsDim);
      if (f < frames - 1) {
        const a = (r.start + f * fs) * actDim;
        out.act.set(t.action.subarray(a, a + fs * actDim), (b * (frames - 1) + f) * out.blockDim);
      }
    }
  });
  return out;
}
