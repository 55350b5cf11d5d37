// Whether a dataset suits a model before any step runs: the same frame rate (a model's dynamics are per
// frame, so 50 Hz data teaches a 30 fps model the wrong step), the same units, and enough of it for the
// steps asked. Said before the run, not discovered in its diagnostics.
import { ErrorCodes, PraxisError } from '../../api';
import type { Trajectory, TrajectorySet } from './trajectories';

/** Linear interpolation of each trajectory onto a `fps` grid starting at its first frame. */
export function trajectorySetResample(set: TrajectorySet, fps: number): TrajectorySet {
  const ratio = set.fps / fps; // source frames per target frame
  const lerp = (src: Float32Array, width: number, n: number, out: Float32Array) => {
    for (let i = 0; i < out.length / width; i++) {
      const t = i * ratio;
      const lo = Math.min(Math.floor(t), n - 1);
      const hi = Math.min(lo + 1, n - 1);
      const a = t - lo;
      for (let d = 0; d < width; d++) out[i * width + d] = (1 - a) * src[lo * width + d] + a * src[hi * width + d];
    }
    return out;
  };
  const trajectories: Trajectory[] = set.trajectories.map((tr) => {
    const length = Math.floor(((tr.length - 1) * fps) / set.fps) + 1;
    return {
      episode: tr.episode,
      length,
      observation: lerp(tr.observation, set.obsDim, tr.length, new Float32Array(length * set.obsDim)),
      action: lerp(tr.action, set.actDim, tr.length, new Float32Array(length * set.actDim)),
    };
  });
  return { ...set, fps, trajectories };
}

/**
 * The dataset at the model's frame rate: as is when they agree; resampled when the dataset is faster (its
 * frames are thinned by interpolation, nothing is invented); refused when it is slower, since the frames
 * between would have to be made up. Returns the set and a note for the user when it was resampled.
 */
export function trajectorySetAtModelRate(set: TrajectorySet, modelFps: number, source: string): { set: TrajectorySet; note: string | null } {
  if (Math.abs(set.fps - modelFps) < 1e-9) return { set, note: null };
  if (set.fps < modelFps) {
    throw new PraxisError(
      ErrorCodes.DATASET_INCOMPATIBLE,
      `${source} is recorded at ${set.fps} fps and the model runs at ${modelFps} fps: its dynamics are learnt per frame, and a slower dataset would need frames made up between the recorded ones`,
      `Record at ${modelFps} fps or faster (praxis record --fps ${modelFps}), or train a new model on this dataset without --init.`,
      { datasetFps: set.fps, modelFps },
    );
  }
  return { set: trajectorySetResample(set, modelFps), note: `${source} is recorded at ${set.fps} fps; resampled to the model's ${modelFps} fps (linear interpolation)` };
}

/** Above this many draws of each training window, a run is memorising rather than learning. */
export const MAX_PASSES_PER_WINDOW = 100;

/** Warnings about a dataset too small for the run asked of it (empty when it is fine). */
export function dataSizeWarnings(o: { trainWindows: number; trainEpisodes: number; validationEpisodes: number; steps: number; batch: number; stepsDone?: number }): string[] {
  const out: string[] = [];
  const remaining = Math.max(0, o.steps - (o.stepsDone ?? 0));
  const passes = (remaining * o.batch) / Math.max(1, o.trainWindows);
  if (passes > MAX_PASSES_PER_WINDOW) {
    const enoughSteps = Math.max(1, Math.floor((MAX_PASSES_PER_WINDOW * o.trainWindows) / o.batch));
    out.push(
      `the dataset is far too small for ${remaining} steps: ${o.trainEpisodes} training episode(s) give ${o.trainWindows} windows, each would be drawn ~${Math.round(passes)} times, so the model can only memorise them. Record more episodes, or ask for at most ~${enoughSteps} steps.`,
    );
  }
  if (o.validationEpisodes < 2) out.push(`only ${o.validationEpisodes} episode(s) are held out for validation: its figures, and whether the model improved, rest on ${o.validationEpisodes === 0 ? 'the training episodes themselves' : 'one episode'}.`);
  return out;
}

/**
 * A model reads the numbers it was trained on: radians fed to a model of degrees (or the reverse) are off
 * by 57×, and every figure would be meaningless. Unknown units on either side are let through.
 */
export function unitsCheck(modelUnit: string, dataUnit: string, dataset: string): void {
  if (modelUnit === dataUnit || modelUnit === 'unknown' || dataUnit === 'unknown') return;
  throw new PraxisError(
    ErrorCodes.MODEL_INCOMPATIBLE,
    `The model's joints are in ${modelUnit}; ${dataset} records them in ${dataUnit}`,
    'Use a model trained on data in the same units (train one on this dataset), or record the dataset with the robot the model was trained for.',
    { modelUnit, dataUnit },
  );
}
