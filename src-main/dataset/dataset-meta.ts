// Reading and writing the metadata files of a LeRobot v3.0 dataset: meta/info.json, meta/tasks.parquet,
// meta/episodes/*.parquet, meta/stats.json, plus the studio-only .praxis/episodes.json beside them.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCodes, PraxisError } from '../api';
import type { DatasetStats, FeatureStats, StatKey } from './feature-stats';
import { CODEBASE_VERSION, type DatasetInfoJson, EPISODES_DIR, episodesFilePath, INFO_PATH, STATS_PATH, STUDIO_EPISODES_PATH, TASKS_PATH } from './lerobot-format';
import { encodeParquet, type ParquetColumn, readParquetKeyValue, readParquetRows } from './parquet-io';

/** Where metadata writes go: a FileTransaction, so they commit together. */
export interface FileSink {
  put(relPath: string, data: Uint8Array | string): Promise<void>;
}

const json = (v: unknown) => `${JSON.stringify(v, null, 4)}\n`;

/** One row of meta/episodes: where an episode's frames and video segments live, and its statistics. */
export interface EpisodeRecord {
  episodeIndex: number;
  tasks: string[];
  length: number;
  dataChunk: number;
  dataFile: number;
  /** Global `index` range [from, to). */
  from: number;
  to: number;
  videos: Record<string, { chunk: number; file: number; fromTimestamp: number; toTimestamp: number }>;
  stats: DatasetStats;
}

/** Tags, outcome and notes a user attaches to an episode; LeRobot never sees these. */
export interface StudioEpisode {
  tags: string[];
  success: boolean | null;
  notes: string;
  recordedAt?: string;
  /** Name of the episode log it was finalized from; makes recovery idempotent. */
  recordingId?: string;
  /** Recorded timestamps vs the fixed-rate grid: largest deviation (s) and count of gaps over 1.5 periods. */
  timing?: { maxJitterS: number; gaps: number };
}

export function defaultStudioEpisode(): StudioEpisode {
  return { tags: [], success: null, notes: '' };
}

function corrupt(file: string, why: string, hint = 'Restore the file from a backup; run `praxis dataset verify` to list every problem.'): PraxisError {
  return new PraxisError(ErrorCodes.DATASET_CORRUPT, `${file}: ${why}`, hint, { file });
}

export async function readInfo(root: string): Promise<DatasetInfoJson> {
  const file = join(root, INFO_PATH);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new PraxisError(ErrorCodes.DATASET_NOT_FOUND, `No LeRobot dataset at ${root} (missing ${INFO_PATH})`, 'Check the path, or create a dataset by recording into it.', { file });
  }
  let info: DatasetInfoJson;
  try {
    info = JSON.parse(text);
  } catch (e) {
    throw corrupt(file, `not valid JSON (${(e as Error).message})`);
  }
  if (typeof info !== 'object' || info === null) throw corrupt(file, 'not a JSON object');
  if (typeof info.codebase_version !== 'string') throw corrupt(file, 'has no codebase_version');
  if (!info.codebase_version.startsWith('v3.')) {
    throw new PraxisError(
      ErrorCodes.DATASET_INCOMPATIBLE,
      `${file}: dataset is LeRobot format ${info.codebase_version}, Praxis reads ${CODEBASE_VERSION}`,
      info.codebase_version.startsWith('v2') ? 'Convert it with LeRobot: python -m lerobot.scripts.convert_dataset_v21_to_v30 --repo-id=<id>' : 'Update Praxis Studio.',
      { file, version: info.codebase_version },
    );
  }
  for (const key of ['fps', 'total_episodes', 'total_frames', 'total_tasks', 'chunks_size'] as const) {
    if (typeof info[key] !== 'number' || !Number.isFinite(info[key])) throw corrupt(file, `field ${key} is missing or not a number`);
  }
  if (info.fps <= 0) throw corrupt(file, 'fps must be positive');
  if (typeof info.features !== 'object' || info.features === null) throw corrupt(file, 'has no features');
  for (const [k, f] of Object.entries(info.features)) {
    if (typeof f?.dtype !== 'string' || !Array.isArray(f.shape)) throw corrupt(file, `feature ${k} has no dtype/shape`);
  }
  if (typeof info.data_path !== 'string') throw corrupt(file, 'has no data_path');
  return info;
}

export async function writeInfo(sink: FileSink, info: DatasetInfoJson): Promise<void> {
  await sink.put(INFO_PATH, json(info));
}

/** Tasks in task_index order. meta/tasks.parquet is a pandas frame indexed by the task string. */
export async function readTasks(root: string): Promise<string[]> {
  const file = join(root, TASKS_PATH);
  const rows = await readParquetRows(file);
  const index = (await tasksIndexColumn(root)) ?? 'task';
  const tasks: string[] = [];
  for (const r of rows) {
    const task = (r[index] ?? r.task ?? r.__index_level_0__) as string | undefined;
    if (typeof task !== 'string') throw corrupt(file, 'has no `task` column');
    tasks[Number(r.task_index)] = task;
  }
  return tasks;
}

export async function writeTasks(sink: FileSink, tasks: string[]): Promise<void> {
  // pyarrow stores a named pandas index as a trailing column plus a `pandas` schema note; without that note
  // pandas.read_parquet returns a RangeIndex and LeRobot's `task in tasks.index` lookups fail.
  const pandas = {
    index_columns: ['task'],
    column_indexes: [{ name: null, field_name: null, pandas_type: 'unicode', numpy_type: 'object', metadata: { encoding: 'UTF-8' } }],
    columns: [
      { name: 'task_index', field_name: 'task_index', pandas_type: 'int64', numpy_type: 'int64', metadata: null },
      { name: 'task', field_name: 'task', pandas_type: 'unicode', numpy_type: 'object', metadata: null },
    ],
    creator: { library: 'pyarrow', version: '21.0.0' },
    pandas_version: '2.3.1',
  };
  await sink.put(
    TASKS_PATH,
    encodeParquet([
      { name: 'task_index', type: 'INT64', data: BigInt64Array.from(tasks.map((_, i) => BigInt(i))) },
      { name: 'task', type: 'STRING', data: tasks },
    ],
    { kvMetadata: [{ key: 'pandas', value: JSON.stringify(pandas) }] }),
  );
}

/**
 * The column pandas restores as the tasks index, from pyarrow's `pandas` schema metadata: `task` (LeRobot
 * names the index since March 2026) or `__index_level_0__` (an unnamed index: how LeRobot wrote tasks from
 * v3.0's release until then, and how its v2.1 → v3.0 converter did; `load_tasks` names it "task" on
 * reading, so both work). Null when no stored column is the index: pandas then builds a RangeIndex and
 * LeRobot's `task in tasks.index` lookups fail.
 */
export async function tasksIndexColumn(root: string): Promise<string | null> {
  const kv = await readParquetKeyValue(join(root, TASKS_PATH));
  let index: unknown[];
  try {
    index = JSON.parse(kv.pandas ?? '{}').index_columns ?? [];
  } catch {
    return null;
  }
  // A RangeIndex is described by an object ({kind: "range", …}), a stored index by its column's name.
  const stored = index.filter((c): c is string => typeof c === 'string');
  return stored.length === 1 ? stored[0] : null;
}

const STAT_KEYS: StatKey[] = ['min', 'max', 'mean', 'std', 'count', 'q01', 'q10', 'q50', 'q90', 'q99'];

function flatNumbers(v: unknown): number[] {
  if (Array.isArray(v)) return v.flatMap(flatNumbers);
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number | bigint>, Number);
  return [Number(v)];
}

export async function readEpisodes(root: string): Promise<EpisodeRecord[]> {
  const dir = join(root, EPISODES_DIR);
  let files: string[] = [];
  try {
    const chunks = (await readdir(dir)).filter((c) => c.startsWith('chunk-')).sort();
    for (const c of chunks) {
      for (const f of (await readdir(join(dir, c))).filter((f) => /^file-\d+\.parquet$/.test(f)).sort()) files.push(join(dir, c, f));
    }
  } catch {
    files = [];
  }
  const out: EpisodeRecord[] = [];
  for (const file of files) {
    for (const r of await readParquetRows(file)) {
      const videos: EpisodeRecord['videos'] = {};
      const stats: DatasetStats = {};
      for (const [k, v] of Object.entries(r)) {
        const video = /^videos\/(.+)\/(chunk_index|file_index|from_timestamp|to_timestamp)$/.exec(k);
        if (video) {
          videos[video[1]] ??= { chunk: 0, file: 0, fromTimestamp: 0, toTimestamp: 0 };
          const field = { chunk_index: 'chunk', file_index: 'file', from_timestamp: 'fromTimestamp', to_timestamp: 'toTimestamp' }[video[2]] as 'chunk';
          videos[video[1]][field] = Number(v);
        }
        const stat = /^stats\/(.+)\/([a-z0-9]+)$/.exec(k);
        if (stat && STAT_KEYS.includes(stat[2] as StatKey) && v !== null && v !== undefined) {
          stats[stat[1]] ??= {} as FeatureStats;
          stats[stat[1]][stat[2] as StatKey] = flatNumbers(v);
        }
      }
      const need = ['episode_index', 'length', 'data/chunk_index', 'data/file_index', 'dataset_from_index', 'dataset_to_index'];
      for (const n of need) if (r[n] === undefined || r[n] === null) throw corrupt(file, `episode row lacks column ${n}`);
      out.push({
        episodeIndex: Number(r.episode_index),
        tasks: Array.isArray(r.tasks) ? (r.tasks as string[]) : [],
        length: Number(r.length),
        dataChunk: Number(r['data/chunk_index']),
        dataFile: Number(r['data/file_index']),
        from: Number(r.dataset_from_index),
        to: Number(r.dataset_to_index),
        videos,
        stats,
      });
    }
  }
  out.sort((a, b) => a.episodeIndex - b.episodeIndex);
  return out;
}

/** How a stat column is typed: float32 features keep float32 stats, everything else float64 (numpy's result_type). */
export type StatsLayout = Record<string, { float32: boolean; image: boolean }>;

export async function writeEpisodes(sink: FileSink, episodes: EpisodeRecord[], videoKeys: string[], layout: StatsLayout): Promise<void> {
  const col = (name: string, type: ParquetColumn['type'], data: unknown[], listDepth: 0 | 1 | 3 = 0): ParquetColumn => ({ name, type, data, listDepth });
  const int64 = (f: (e: EpisodeRecord) => number) => BigInt64Array.from(episodes.map((e) => BigInt(f(e))));
  const columns: ParquetColumn[] = [
    { name: 'episode_index', type: 'INT64', data: int64((e) => e.episodeIndex) },
    col('tasks', 'STRING', episodes.map((e) => e.tasks), 1),
    { name: 'length', type: 'INT64', data: int64((e) => e.length) },
    { name: 'data/chunk_index', type: 'INT64', data: int64((e) => e.dataChunk) },
    { name: 'data/file_index', type: 'INT64', data: int64((e) => e.dataFile) },
    { name: 'dataset_from_index', type: 'INT64', data: int64((e) => e.from) },
    { name: 'dataset_to_index', type: 'INT64', data: int64((e) => e.to) },
  ];
  for (const key of videoKeys) {
    columns.push({ name: `videos/${key}/chunk_index`, type: 'INT64', data: int64((e) => e.videos[key]?.chunk ?? 0) });
    columns.push({ name: `videos/${key}/file_index`, type: 'INT64', data: int64((e) => e.videos[key]?.file ?? 0) });
    columns.push(col(`videos/${key}/from_timestamp`, 'DOUBLE', episodes.map((e) => e.videos[key]?.fromTimestamp ?? 0)));
    columns.push(col(`videos/${key}/to_timestamp`, 'DOUBLE', episodes.map((e) => e.videos[key]?.toTimestamp ?? 0)));
  }
  for (const [feature, kind] of Object.entries(layout)) {
    if (!episodes.every((e) => e.stats[feature])) continue;
    for (const stat of STAT_KEYS) {
      const name = `stats/${feature}/${stat}`;
      if (stat === 'count') {
        columns.push(col(name, 'INT64', episodes.map((e) => e.stats[feature].count.map(BigInt)), 1));
      } else if (kind.image) {
        columns.push(col(name, 'FLOAT', episodes.map((e) => e.stats[feature][stat].map((v) => [[v]])), 3));
      } else {
        columns.push(col(name, kind.float32 ? 'FLOAT' : 'DOUBLE', episodes.map((e) => e.stats[feature][stat]), 1));
      }
    }
  }
  columns.push({ name: 'meta/episodes/chunk_index', type: 'INT64', data: int64(() => 0) });
  columns.push({ name: 'meta/episodes/file_index', type: 'INT64', data: int64(() => 0) });
  await sink.put(episodesFilePath(0, 0), encodeParquet(columns));
}

/** stats.json nests image stats as (C,1,1) like LeRobot's serialize_dict of numpy arrays. */
export async function writeStats(sink: FileSink, stats: DatasetStats, layout: StatsLayout): Promise<void> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [feature, s] of Object.entries(stats)) {
    out[feature] = {};
    for (const k of STAT_KEYS) {
      out[feature][k] = k !== 'count' && layout[feature]?.image ? s[k].map((v) => [[v]]) : s[k];
    }
  }
  await sink.put(STATS_PATH, json(out));
}

export async function readStats(root: string): Promise<DatasetStats | null> {
  const file = join(root, STATS_PATH);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const raw = JSON.parse(text) as Record<string, Record<string, unknown>>;
    const out: DatasetStats = {};
    for (const [f, s] of Object.entries(raw)) {
      out[f] = {} as FeatureStats;
      for (const [k, v] of Object.entries(s)) out[f][k as StatKey] = flatNumbers(v);
    }
    return out;
  } catch (e) {
    throw corrupt(file, `not valid JSON (${(e as Error).message})`);
  }
}

export async function readStudioEpisodes(root: string): Promise<StudioEpisode[]> {
  try {
    const raw = JSON.parse(await readFile(join(root, STUDIO_EPISODES_PATH), 'utf8'));
    return Array.isArray(raw.episodes) ? raw.episodes.map((e: Partial<StudioEpisode>) => ({ ...defaultStudioEpisode(), ...e })) : [];
  } catch {
    return []; // studio notes are optional; a lost file costs tags, never data
  }
}

export async function writeStudioEpisodes(sink: FileSink, episodes: StudioEpisode[]): Promise<void> {
  await sink.put(STUDIO_EPISODES_PATH, json({ version: 1, episodes }));
}
