// The LeRobotDataset v3.0 layout as LeRobot's own code writes it (facts and sources in LEROBOT_V3.md).
import { join } from 'node:path';

export const CODEBASE_VERSION = 'v3.0';
export const DEFAULT_CHUNKS_SIZE = 1000; // max files per chunk-NNN directory
export const DEFAULT_DATA_FILE_SIZE_IN_MB = 100;
export const DEFAULT_VIDEO_FILE_SIZE_IN_MB = 200;

export const INFO_PATH = 'meta/info.json';
export const STATS_PATH = 'meta/stats.json';
export const TASKS_PATH = 'meta/tasks.parquet';
export const EPISODES_DIR = 'meta/episodes';
export const DEFAULT_DATA_PATH = 'data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet';
export const DEFAULT_VIDEO_PATH = 'videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4';
export const DEFAULT_EPISODES_PATH = 'meta/episodes/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet';

/** Studio-only data lives here; LeRobot never looks inside. */
export const STUDIO_DIR = '.praxis';
export const RECORDING_DIR = '.praxis/recording';
// Files being written before they are renamed into place. LeRobot globs data/*/*.parquet,
// meta/episodes/*/*.parquet and videos/*/*/*.mp4 with pathlib, which matches dot-files too, so a temp file
// beside its target would be loaded as data after a crash; here, it is out of every glob.
export const STAGING_DIR = '.praxis/staging';
export const STUDIO_EPISODES_PATH = '.praxis/episodes.json';

export type NumericDtype = 'float32' | 'float64' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';
export type FeatureDtype = NumericDtype | 'video' | 'image' | 'string' | 'language';

export interface FeatureSpec {
  dtype: FeatureDtype | string;
  shape: number[];
  names: string[] | Record<string, string[]> | null;
  info?: Record<string, unknown>;
  /** Praxis's addition, one unit per value (feature-units.ts); LeRobot ignores it. */
  units?: string[];
}

export interface DatasetInfoJson {
  codebase_version: string;
  robot_type: string | null;
  total_episodes: number;
  total_frames: number;
  total_tasks: number;
  chunks_size: number;
  data_files_size_in_mb: number;
  video_files_size_in_mb: number;
  fps: number;
  splits: Record<string, string>;
  data_path: string;
  video_path: string | null;
  features: Record<string, FeatureSpec>;
  [extra: string]: unknown;
}

/** The five columns LeRobot adds to every dataset (lerobot/utils/constants.py DEFAULT_FEATURES). */
export const DEFAULT_FEATURES: Record<string, FeatureSpec> = {
  timestamp: { dtype: 'float32', shape: [1], names: null },
  frame_index: { dtype: 'int64', shape: [1], names: null },
  episode_index: { dtype: 'int64', shape: [1], names: null },
  index: { dtype: 'int64', shape: [1], names: null },
  task_index: { dtype: 'int64', shape: [1], names: null },
};

export const STATE_KEY = 'observation.state';
export const ACTION_KEY = 'action';
export const IMAGE_KEY_PREFIX = 'observation.images.';

/** Python's `"{chunk_index:03d}"`-style templates, the subset LeRobot uses. */
export function formatPathTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)(?::0(\d+)d)?\}/g, (_m, key: string, width?: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`path template ${template} needs ${key}`);
    return width ? String(v).padStart(Number(width), '0') : String(v);
  });
}

export function dataFilePath(info: DatasetInfoJson, chunk: number, file: number): string {
  return formatPathTemplate(info.data_path, { chunk_index: chunk, file_index: file });
}

export function videoFilePath(info: DatasetInfoJson, videoKey: string, chunk: number, file: number): string {
  return formatPathTemplate(info.video_path ?? DEFAULT_VIDEO_PATH, { video_key: videoKey, chunk_index: chunk, file_index: file });
}

export function episodesFilePath(chunk: number, file: number): string {
  return formatPathTemplate(DEFAULT_EPISODES_PATH, { chunk_index: chunk, file_index: file });
}

/** LeRobot's update_chunk_file_indices: the file after (chunk, file). */
export function nextChunkFile(chunk: number, file: number, chunksSize: number): [number, number] {
  return file === chunksSize - 1 ? [chunk + 1, 0] : [chunk, file + 1];
}

export function videoKeys(info: DatasetInfoJson): string[] {
  return Object.keys(info.features).filter((k) => info.features[k].dtype === 'video');
}

/** Features stored as parquet columns (LeRobot skips `video` ones: their frames live in MP4 files). */
export function parquetFeatureKeys(info: DatasetInfoJson): string[] {
  return Object.keys(info.features).filter((k) => info.features[k].dtype !== 'video');
}

export function featureWidth(spec: FeatureSpec): number {
  return spec.shape.reduce((a, b) => a * b, 1);
}

export function absolute(root: string, rel: string): string {
  return join(root, rel);
}

/**
 * The order a commit renames its files in, so that LeRobot sees the old dataset or the new one at every
 * instant of it. LeRobot reads `total_frames` from info.json and maps row i of the sorted data files to frame i,
 * so new rows (always appended to the newest data file) are invisible until info.json says they exist: data and
 * videos go first, then the episode table, tasks and stats, and info.json last.
 */
export function lerobotCommitRank(relPath: string): number {
  const p = relPath.split('\\').join('/');
  if (p.startsWith('data/') || p.startsWith('videos/')) return 0;
  if (p.startsWith(`${EPISODES_DIR}/`)) return 1;
  if (p === INFO_PATH) return 4;
  if (p.startsWith('meta/')) return 2;
  return 3; // studio notes: after LeRobot's metadata, before info.json makes the episode exist
}
