// What a new dataset records, and the info.json it starts from (LeRobot's create_empty_dataset_info).
import { ErrorCodes, PraxisError } from '../api';
import type { CameraSpec } from './episode-video';
import { praxisUnitOf } from './feature-units';
import {
  ACTION_KEY,
  CODEBASE_VERSION,
  DEFAULT_CHUNKS_SIZE,
  DEFAULT_DATA_FILE_SIZE_IN_MB,
  DEFAULT_DATA_PATH,
  DEFAULT_FEATURES,
  DEFAULT_VIDEO_FILE_SIZE_IN_MB,
  DEFAULT_VIDEO_PATH,
  type DatasetInfoJson,
  IMAGE_KEY_PREFIX,
  STATE_KEY,
} from './lerobot-format';
import type { VideoCodecChoice } from './video-encoder';

/** What a new dataset records: joint names fix the widths of `observation.state` and `action`. */
export interface DatasetSpec {
  fps: number;
  robotType?: string;
  stateNames: string[];
  actionNames: string[];
  /** Camera name → frame size; each becomes the video feature `observation.images.<name>`. */
  cameras?: Record<string, CameraSpec>;
  /** Preferred codec; AV1 (libsvtav1) when available, else H.264. */
  videoCodec?: VideoCodecChoice;
}

export function validateSpec(spec: DatasetSpec): void {
  const bad = (why: string) => new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Invalid dataset spec: ${why}`, 'Fix the recording settings.');
  if (!Number.isInteger(spec.fps) || spec.fps <= 0) throw bad('fps must be a positive integer (LeRobot stores fps as an int)');
  if (!spec.stateNames.length || !spec.actionNames.length) throw bad('state and action need at least one joint name');
  for (const [cam, c] of Object.entries(spec.cameras ?? {})) {
    if (!/^[A-Za-z0-9_]+$/.test(cam)) throw bad(`camera name "${cam}" must be letters, digits or _`);
    if (c.width % 2 || c.height % 2 || c.width < 16 || c.height < 16) throw bad(`camera ${cam}: width and height must be even and ≥ 16 for yuv420p video`);
  }
}

/** Problems that stop `spec` from recording into a dataset described by `info` (empty when compatible). */
export function specMismatches(info: DatasetInfoJson, spec: DatasetSpec): string[] {
  const f = info.features;
  const problems: string[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (info.fps !== spec.fps) problems.push(`fps is ${info.fps}, recording at ${spec.fps}`);
  if (!same(f[STATE_KEY]?.names, spec.stateNames)) problems.push(`${STATE_KEY} joints differ`);
  if (!same(f[ACTION_KEY]?.names, spec.actionNames)) problems.push(`${ACTION_KEY} joints differ`);
  // Praxis records radians; appending them to a LeRobot dataset in degrees would mix units in one column.
  for (const [key, names] of [
    [STATE_KEY, spec.stateNames],
    [ACTION_KEY, spec.actionNames],
  ] as const) {
    const units = f[key]?.units;
    if (units && !same(units, names.map(praxisUnitOf))) problems.push(`${key} is recorded in ${[...new Set(units)].join(', ')}; Praxis records ${[...new Set(names.map(praxisUnitOf))].join(', ')}`);
  }
  for (const [cam, c] of Object.entries(spec.cameras ?? {})) {
    const v = f[IMAGE_KEY_PREFIX + cam];
    if (!v || v.shape[0] !== c.height || v.shape[1] !== c.width) problems.push(`camera ${cam} is not ${c.width}x${c.height} in this dataset`);
  }
  return problems;
}

export function newInfo(spec: DatasetSpec): DatasetInfoJson {
  const features: DatasetInfoJson['features'] = {
    // Praxis records radians, rad/s and metres; `units` says so in the file itself (see feature-units.ts).
    [STATE_KEY]: { dtype: 'float32', shape: [spec.stateNames.length], names: spec.stateNames, units: spec.stateNames.map(praxisUnitOf) },
    [ACTION_KEY]: { dtype: 'float32', shape: [spec.actionNames.length], names: spec.actionNames, units: spec.actionNames.map(praxisUnitOf) },
  };
  for (const [cam, c] of Object.entries(spec.cameras ?? {})) {
    features[IMAGE_KEY_PREFIX + cam] = {
      dtype: 'video',
      shape: [c.height, c.width, 3],
      names: ['height', 'width', 'channels'],
      info: { 'video.height': c.height, 'video.width': c.width, 'video.pix_fmt': 'yuv420p', 'video.fps': spec.fps, 'video.channels': 3, has_audio: false, is_depth_map: false },
    };
  }
  Object.assign(features, structuredClone(DEFAULT_FEATURES));
  return {
    codebase_version: CODEBASE_VERSION,
    robot_type: spec.robotType ?? null,
    total_episodes: 0,
    total_frames: 0,
    total_tasks: 0,
    chunks_size: DEFAULT_CHUNKS_SIZE,
    data_files_size_in_mb: DEFAULT_DATA_FILE_SIZE_IN_MB,
    video_files_size_in_mb: DEFAULT_VIDEO_FILE_SIZE_IN_MB,
    fps: spec.fps,
    splits: {},
    data_path: DEFAULT_DATA_PATH,
    video_path: Object.keys(spec.cameras ?? {}).length ? DEFAULT_VIDEO_PATH : null,
    features,
  };
}
