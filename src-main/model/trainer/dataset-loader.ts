// A LeRobot v3 dataset → trajectories for the trainer. Works on datasets recorded here and on v3 datasets
// from elsewhere, as long as they have numeric state and action features; anything else is a coded error
// that says what is missing.
import { ErrorCodes, PraxisError } from '../../api';
import { Dataset, featureNames, featureUnits } from '../../dataset';
import { type Normaliser, normaliserFromStats } from './normaliser';
import { commonUnit, jointDimsOf, type Trajectory, type TrajectorySet } from './trajectories';

export const ACTION_FEATURE = 'action';
export const STATE_FEATURE = 'observation.state';
/** LeRobot's name for object/environment state (e.g. the cube pose in gym-style sims). */
export const ENVIRONMENT_FEATURE = 'observation.environment_state';

const NUMERIC = new Set(['float32', 'float64', 'int64', 'int32', 'int16', 'int8', 'uint8']);

export interface LoadedDataset {
  root: string;
  set: TrajectorySet;
  /** From meta/stats.json (per-episode statistics aggregated as LeRobot does). */
  normaliser: Normaliser;
  /** Episode indices whose outcome is marked successful (studio metadata); empty when none are marked. */
  successful: number[];
  robotType: string | null;
  totalFrames: number;
}

export interface LoadOptions {
  /** Observation features to concatenate; default observation.state (+ observation.environment_state). */
  obsFeatures?: string[];
  /** Only these episode indices. */
  episodes?: number[];
}

export async function loadDataset(root: string, o: LoadOptions = {}): Promise<LoadedDataset> {
  const ds = await Dataset.open(root);
  const info = ds.info();
  const features = info.features;
  const act = features[ACTION_FEATURE];
  if (!act) {
    throw new PraxisError(
      ErrorCodes.DATASET_INCOMPATIBLE,
      `${root} has no '${ACTION_FEATURE}' feature: a world model learns what actions do, so it needs them`,
      'Record with a teleoperator or leader arm so actions are saved, or pick a dataset with an action feature.',
      { root, features: Object.keys(features) },
    );
  }
  const obsFeatures = o.obsFeatures ?? [STATE_FEATURE, ...(features[ENVIRONMENT_FEATURE] ? [ENVIRONMENT_FEATURE] : [])];
  for (const key of [...obsFeatures, ACTION_FEATURE]) {
    const f = features[key];
    if (!f) {
      throw new PraxisError(ErrorCodes.DATASET_INCOMPATIBLE, `${root} has no '${key}' feature`, `Its features are: ${Object.keys(features).join(', ')}.`, { root, feature: key });
    }
    if (!NUMERIC.has(f.dtype) || f.shape.length !== 1) {
      throw new PraxisError(
        ErrorCodes.DATASET_INCOMPATIBLE,
        `'${key}' is ${f.dtype} of shape [${f.shape.join(',')}]; the state encoder reads flat numeric vectors`,
        'Pick numeric vector features with --obs-features; image encoders come later.',
        { root, feature: key },
      );
    }
  }
  const obsWidths = obsFeatures.map((k) => features[k].shape[0]);
  const obsDim = obsWidths.reduce((a, b) => a + b, 0);
  const actDim = act.shape[0];
  const obsNames = obsFeatures.flatMap((k) => featureNames(k, features[k]));
  const actNames = featureNames(ACTION_FEATURE, act);
  // Dataset.open has resolved every feature's units into info (feature-units.ts), so they are read, not guessed here.
  const obsUnits = obsFeatures.flatMap((k) => featureUnits(info, k, false).units);
  const actUnits = featureUnits(info, ACTION_FEATURE, false).units;
  const jointDims = jointDimsOf(obsNames, actNames, obsUnits);

  const summaries = ds.episodes();
  const wanted = o.episodes ?? summaries.map((s) => s.index);
  const trajectories: Trajectory[] = [];
  for (const index of wanted) {
    const frames = await ds.readEpisode(index);
    const length = frames.length;
    const observation = new Float32Array(length * obsDim);
    let offset = 0;
    obsFeatures.forEach((k, fi) => {
      const col = frames.columns[k];
      const w = obsWidths[fi];
      for (let t = 0; t < length; t++) for (let d = 0; d < w; d++) observation[t * obsDim + offset + d] = col.values[t * w + d];
      offset += w;
    });
    const action = Float32Array.from(frames.columns[ACTION_FEATURE].values);
    const bad = [observation, action].some((a) => a.some((v) => !Number.isFinite(v)));
    if (bad) {
      throw new PraxisError(ErrorCodes.DATASET_CORRUPT, `episode ${index} of ${root} holds NaN or infinite values`, 'Trim or delete that episode, then train again.', { root, episode: index });
    }
    trajectories.push({ episode: index, length, observation, action });
  }
  const stats = ds.normalisationStats() as Record<string, { mean?: number[]; std?: number[] }>;
  return {
    root,
    set: { obsDim, actDim, fps: info.fps, obsNames, actNames, jointDims, obsUnits, actUnits, jointUnit: commonUnit(obsUnits, jointDims), obsFeatures, trajectories },
    normaliser: normaliserFromStats(stats, obsFeatures, ACTION_FEATURE),
    successful: summaries.filter((s) => s.success === true && wanted.includes(s.index)).map((s) => s.index),
    robotType: info.robot_type,
    totalFrames: trajectories.reduce((a, t) => a + t.length, 0),
  };
}
