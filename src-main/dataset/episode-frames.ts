// An episode's tabular data in memory as typed columns, and its conversion to and from parquet rows.
// Timestamps follow LeRobot's writer (dataset_writer.py add_frame): frame_index / fps, stored as float32,
// so the video decoder's 1e-4 s tolerance holds by construction.
import { ErrorCodes, PraxisError } from '../api';
import { computeFeatureStats, type DatasetStats } from './feature-stats';
import { type DatasetInfoJson, featureWidth, parquetFeatureKeys } from './lerobot-format';
import type { LeafType, ParquetColumn, ParquetRow } from './parquet-io';

/** A numeric feature column: `length × width` values, row-major. */
export interface FeatureColumn {
  width: number;
  values: Float32Array | Float64Array;
}

/** Typed columns of one episode, keyed by feature name (`observation.state`, `action`, `timestamp`, ...). */
export interface EpisodeFrames {
  episodeIndex: number;
  length: number;
  columns: Record<string, FeatureColumn>;
}

export function leafTypeOf(dtype: string, file: string): LeafType {
  switch (dtype) {
    case 'float32':
      return 'FLOAT';
    case 'float64':
      return 'DOUBLE';
    case 'int64':
      return 'INT64';
    case 'int32':
    case 'int16':
    case 'int8':
    case 'uint8':
      return 'INT32';
    case 'bool':
      return 'BOOLEAN';
    default:
      throw new PraxisError(
        ErrorCodes.DATASET_INCOMPATIBLE,
        `${file}: feature dtype ${dtype} cannot be edited by Praxis (numeric features only)`,
        'Open the dataset read-only, or drop that feature with LeRobot first.',
        { file, dtype },
      );
  }
}

/** Rows of one episode read from a data file → typed columns. */
export function rowsToFrames(info: DatasetInfoJson, episodeIndex: number, rows: ParquetRow[]): EpisodeFrames {
  const columns: Record<string, FeatureColumn> = {};
  for (const key of parquetFeatureKeys(info)) {
    const spec = info.features[key];
    if (!['float32', 'float64', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool'].includes(spec.dtype)) continue;
    const width = featureWidth(spec);
    const values = spec.dtype === 'float32' ? new Float32Array(rows.length * width) : new Float64Array(rows.length * width);
    rows.forEach((r, i) => {
      const v = r[key];
      if (width === 1 && !Array.isArray(v)) values[i] = Number(v);
      else {
        const arr = v as ArrayLike<number | bigint>;
        for (let d = 0; d < width; d++) values[i * width + d] = Number(arr[d]);
      }
    });
    columns[key] = { width, values };
  }
  return { episodeIndex, length: rows.length, columns };
}

/** Typed columns → parquet rows, re-stamping the five LeRobot columns for position `globalFrom` / `episodeIndex`. */
export function framesToRows(info: DatasetInfoJson, frames: EpisodeFrames, episodeIndex: number, globalFrom: number, taskIndex: (i: number) => number): ParquetRow[] {
  const rows: ParquetRow[] = new Array(frames.length);
  const keys = parquetFeatureKeys(info).filter((k) => frames.columns[k] && !(k in STAMPED));
  for (let i = 0; i < frames.length; i++) {
    const row: ParquetRow = {
      timestamp: Math.fround(i / info.fps),
      frame_index: BigInt(i),
      episode_index: BigInt(episodeIndex),
      index: BigInt(globalFrom + i),
      task_index: BigInt(taskIndex(i)),
    };
    for (const k of keys) {
      const { width, values } = frames.columns[k];
      const dtype = info.features[k].dtype;
      const conv = (x: number): unknown => (dtype === 'int64' ? BigInt(Math.round(x)) : dtype === 'bool' ? x !== 0 : x);
      row[k] = info.features[k].shape.length === 1 && info.features[k].shape[0] === 1 ? conv(values[i]) : Array.from(values.subarray(i * width, (i + 1) * width), (x: number) => conv(x));
    }
    rows[i] = row;
  }
  return rows;
}

const STAMPED = { timestamp: 1, frame_index: 1, episode_index: 1, index: 1, task_index: 1 };

/** Parquet columns for a data file, in info.json feature order, typed as LeRobot's HF features would be. */
export function rowsToColumns(info: DatasetInfoJson, rows: ParquetRow[], file: string): ParquetColumn[] {
  return parquetFeatureKeys(info).map((key) => {
    const spec = info.features[key];
    const type = leafTypeOf(spec.dtype, file);
    const scalar = spec.shape.length === 1 && spec.shape[0] === 1;
    if (spec.shape.length > 1) {
      throw new PraxisError(ErrorCodes.DATASET_INCOMPATIBLE, `${file}: feature ${key} has shape ${JSON.stringify(spec.shape)}; Praxis edits 1-D features only`, 'Use LeRobot to edit this dataset.', { file });
    }
    const data = rows.map((r) => r[key]);
    if (scalar && type === 'INT64') return { name: key, type, data: BigInt64Array.from(data, (v) => BigInt(v as bigint)) };
    if (scalar && type === 'FLOAT') return { name: key, type, data: Float32Array.from(data as number[]) };
    if (scalar && type === 'DOUBLE') return { name: key, type, data: Float64Array.from(data as number[]) };
    if (!scalar && type === 'INT64') return { name: key, type, listDepth: 1, data: data.map((v) => Array.from(v as ArrayLike<bigint>, (x) => BigInt(x))) };
    return { name: key, type, listDepth: scalar ? 0 : 1, data };
  });
}

/** Per-feature statistics of an episode's parquet features, as LeRobot's compute_episode_stats. */
export function computeEpisodeStats(info: DatasetInfoJson, rows: ParquetRow[]): DatasetStats {
  const stats: DatasetStats = {};
  for (const key of parquetFeatureKeys(info)) {
    const spec = info.features[key];
    if (!['float32', 'float64', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool'].includes(spec.dtype)) continue;
    const width = featureWidth(spec);
    const values = new Float64Array(rows.length * width);
    rows.forEach((r, i) => {
      const v = r[key];
      if (Array.isArray(v)) for (let d = 0; d < width; d++) values[i * width + d] = Number(v[d]);
      else values[i] = Number(v);
    });
    stats[key] = computeFeatureStats(values, rows.length, width);
  }
  return stats;
}
