// A read-only audit of a LeRobot v3.0 directory against what LeRobot's loader relies on. It changes
// nothing (no journal replay, no recovery) and reports every problem it finds rather than the first.
import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type ErrorCode, ErrorCodes, isPraxisError } from '../api';
import { type EpisodeRecord, readEpisodes, readInfo, readStats, readTasks, tasksIndexColumn } from './dataset-meta';
import { TEMP_PREFIX } from './atomic-file';
import { findTempFiles } from './file-transaction';
import { LEROBOT_GLOBS, lerobotGlobStrays } from './lerobot-globs';
import { type DatasetInfoJson, dataFilePath, parquetFeatureKeys, RECORDING_DIR, STUDIO_DIR, TASKS_PATH, videoFilePath, videoKeys } from './lerobot-format';
import { readParquetRows } from './parquet-io';
import { probeVideo } from './video-encoder';

export interface DatasetProblem {
  code: ErrorCode;
  severity: 'error' | 'warning';
  /** Path relative to the dataset root, when one file is at fault. */
  file?: string;
  message: string;
  /** What to do about it, when there is one thing to do. */
  fix?: string;
}

export interface VerifyOptions {
  /** Probe every video file with ffprobe (slower); on by default. */
  videos?: boolean;
  onProgress?: (done: number, total: number, what: string) => void;
  signal?: AbortSignal;
}

/** LeRobot's default tolerance_s, which bounds timestamp drift and video frame lookups. */
const TOLERANCE_S = 1e-4;

export async function verifyDataset(root: string, options: VerifyOptions = {}): Promise<DatasetProblem[]> {
  const problems: DatasetProblem[] = [];
  const rel = (p: string) => (p.startsWith(root) ? p.slice(root.length + 1) : p);
  const add = (code: ErrorCode, message: string, file?: string, severity: DatasetProblem['severity'] = 'error') => problems.push({ code, severity, file, message });
  const fromError = (e: unknown, fallbackFile?: string) => {
    if (isPraxisError(e)) add(e.code, e.message, rel(String(e.details?.file ?? fallbackFile ?? '')) || undefined);
    else add(ErrorCodes.DATASET_CORRUPT, (e as Error).message, fallbackFile);
  };

  let info: DatasetInfoJson;
  try {
    info = await readInfo(root);
  } catch (e) {
    fromError(e, 'meta/info.json');
    return problems;
  }

  let tasks: string[] = [];
  if (info.total_tasks > 0) {
    try {
      tasks = await readTasks(root);
      if ((await tasksIndexColumn(root)) === null) add(ErrorCodes.DATASET_INCOMPATIBLE, 'tasks table has no pandas index holding the task strings (pyarrow `pandas` metadata with index_columns); LeRobot looks tasks up by that index', TASKS_PATH);
      if (tasks.length !== info.total_tasks) add(ErrorCodes.DATASET_CORRUPT, `info.json says ${info.total_tasks} tasks, tasks.parquet has ${tasks.length}`, TASKS_PATH);
    } catch (e) {
      fromError(e, TASKS_PATH);
    }
  }

  let episodes: EpisodeRecord[] = [];
  try {
    episodes = await readEpisodes(root);
  } catch (e) {
    fromError(e, 'meta/episodes');
    return problems;
  }
  if (episodes.length !== info.total_episodes) add(ErrorCodes.DATASET_CORRUPT, `info.json says ${info.total_episodes} episodes, meta/episodes has ${episodes.length}`, 'meta/info.json');
  const frames = episodes.reduce((a, e) => a + e.length, 0);
  if (frames !== info.total_frames) add(ErrorCodes.DATASET_CORRUPT, `info.json says ${info.total_frames} frames, episodes sum to ${frames}`, 'meta/info.json');
  let expectFrom = 0;
  episodes.forEach((e, i) => {
    if (e.episodeIndex !== i) add(ErrorCodes.DATASET_CORRUPT, `episode indexes are not 0..N-1 (found ${e.episodeIndex} at position ${i})`, 'meta/episodes');
    if (e.from !== expectFrom || e.to - e.from !== e.length) add(ErrorCodes.DATASET_CORRUPT, `episode ${i}: dataset_from_index/to_index [${e.from}, ${e.to}) do not follow on from the previous episode with length ${e.length}`, 'meta/episodes');
    expectFrom = e.to;
  });

  // data files: every episode's rows, index range, frame_index and timestamps
  const byFile = new Map<string, EpisodeRecord[]>();
  for (const e of episodes) {
    const f = dataFilePath(info, e.dataChunk, e.dataFile);
    byFile.set(f, [...(byFile.get(f) ?? []), e]);
  }
  const videoCount = options.videos === false ? 0 : episodes.length * videoKeys(info).length;
  const total = byFile.size + videoCount;
  let done = 0;
  for (const [file, eps] of byFile) {
    if (options.signal?.aborted) break;
    options.onProgress?.(done++, total, file);
    let rows: Record<string, unknown>[];
    try {
      rows = await readParquetRows(join(root, file));
    } catch (e) {
      fromError(e, file);
      continue;
    }
    const columns = new Set(Object.keys(rows[0] ?? {}));
    for (const k of parquetFeatureKeys(info)) if (rows.length && !columns.has(k)) add(ErrorCodes.DATASET_INCOMPATIBLE, `column ${k} declared in info.json is missing`, file);
    for (const e of eps) {
      const mine = rows.filter((r) => Number(r.episode_index) === e.episodeIndex);
      if (mine.length !== e.length) {
        add(ErrorCodes.DATASET_CORRUPT, `episode ${e.episodeIndex} has ${mine.length} rows, metadata says ${e.length}`, file);
        continue;
      }
      for (let i = 0; i < mine.length; i++) {
        const r = mine[i];
        if (Number(r.frame_index) !== i || Number(r.index) !== e.from + i) {
          add(ErrorCodes.DATASET_CORRUPT, `episode ${e.episodeIndex} row ${i}: frame_index ${r.frame_index} / index ${r.index}, expected ${i} / ${e.from + i}`, file);
          break;
        }
        if (Math.abs(Number(r.timestamp) - i / info.fps) > TOLERANCE_S) {
          add(ErrorCodes.DATASET_INCOMPATIBLE, `episode ${e.episodeIndex} frame ${i}: timestamp ${r.timestamp} is off the 1/${info.fps} s grid by more than ${TOLERANCE_S} s`, file, 'warning');
          break;
        }
        const t = Number(r.task_index);
        if (tasks.length && !(t >= 0 && t < tasks.length)) {
          add(ErrorCodes.DATASET_CORRUPT, `episode ${e.episodeIndex} frame ${i}: task_index ${t} is not in tasks.parquet`, file);
          break;
        }
      }
    }
  }

  // videos: each episode's segment must exist and lie inside its file
  if (options.videos !== false) {
    const probes = new Map<string, Awaited<ReturnType<typeof probeVideo>> | null>();
    for (const key of videoKeys(info)) {
      for (const e of episodes) {
        if (options.signal?.aborted) break;
        const v = e.videos[key];
        options.onProgress?.(done++, total, key);
        if (!v) {
          add(ErrorCodes.DATASET_CORRUPT, `episode ${e.episodeIndex} has no videos/${key} columns`, 'meta/episodes');
          continue;
        }
        const file = videoFilePath(info, key, v.chunk, v.file);
        if (!probes.has(file)) {
          try {
            await access(join(root, file));
            probes.set(file, await probeVideo(join(root, file)));
          } catch (err) {
            probes.set(file, null);
            if (isPraxisError(err)) fromError(err, file);
            else add(ErrorCodes.DATASET_CORRUPT, `video file is missing (episode ${e.episodeIndex}, ${key})`, file);
          }
        }
        const p = probes.get(file);
        if (!p) continue;
        if (!(v.toTimestamp > v.fromTimestamp) || v.toTimestamp > p.duration + TOLERANCE_S) {
          add(ErrorCodes.DATASET_CORRUPT, `episode ${e.episodeIndex} video segment [${v.fromTimestamp}, ${v.toTimestamp}] s is outside the file (${p.duration} s)`, file);
        } else if (Math.abs((v.toTimestamp - v.fromTimestamp) * info.fps - e.length) > 1) {
          add(ErrorCodes.DATASET_INCOMPATIBLE, `episode ${e.episodeIndex} video segment holds ${((v.toTimestamp - v.fromTimestamp) * info.fps).toFixed(1)} frames for ${e.length} rows`, file, 'warning');
        }
        if (Math.abs(p.fps - info.fps) > 1e-6) add(ErrorCodes.DATASET_INCOMPATIBLE, `video runs at ${p.fps} fps, dataset at ${info.fps}`, file);
      }
    }
  }

  // statistics the trainer and LeRobot normalise with
  try {
    const stats = await readStats(root);
    if (episodes.length && !stats) add(ErrorCodes.DATASET_CORRUPT, 'meta/stats.json is missing; LeRobot normalises with it', 'meta/stats.json');
    for (const k of Object.keys(info.features)) {
      const f = info.features[k];
      if (!stats || ['string', 'language'].includes(f.dtype)) continue;
      const s = stats[k];
      if (!s) add(ErrorCodes.DATASET_CORRUPT, `no statistics for feature ${k}`, 'meta/stats.json');
      else if (f.dtype !== 'video' && f.dtype !== 'image' && s.count?.[0] !== frames) add(ErrorCodes.DATASET_CORRUPT, `stats count for ${k} is ${s.count?.[0]}, the dataset has ${frames} frames`, 'meta/stats.json');
    }
  } catch (e) {
    fromError(e, 'meta/stats.json');
  }

  // leftovers from interruptions. In LeRobot's globs they are loaded as data: an error, with its fix.
  const strays = new Set(await lerobotGlobStrays(root));
  for (const f of strays) {
    add(ErrorCodes.DATASET_CORRUPT, `LeRobot loads every file in ${LEROBOT_GLOBS.join(', ')}; this one is not part of the dataset`, f);
    problems[problems.length - 1].fix = f.split('/').pop()?.startsWith(TEMP_PREFIX)
      ? `it is left from an interrupted write: run \`praxis dataset recover ${root}\` to remove it`
      : 'move it out of the dataset folder';
  }
  // elsewhere (.praxis/staging) they are harmless to LeRobot, worth knowing
  for (const t of await findTempFiles(root)) {
    if (strays.has(rel(t))) continue;
    add(ErrorCodes.DATASET_CORRUPT, 'temporary file from an interrupted write, outside the files LeRobot reads', rel(t), 'warning');
    problems[problems.length - 1].fix = `\`praxis dataset recover ${root}\` removes it`;
  }
  try {
    if ((await readdir(join(root, STUDIO_DIR))).includes('journal.json')) add(ErrorCodes.DATASET_CORRUPT, 'an interrupted commit is pending; opening the dataset in Praxis completes it', `${STUDIO_DIR}/journal.json`, 'warning');
    const logs = (await readdir(join(root, RECORDING_DIR))).filter((n) => n.endsWith('.mcap'));
    for (const l of logs) add(ErrorCodes.DATASET_CORRUPT, 'unfinished episode log; `praxis dataset recover` (or the recorder) finalizes it', `${RECORDING_DIR}/${l}`, 'warning');
  } catch {
    // no studio folder: a dataset from elsewhere
  }
  options.onProgress?.(total, total, 'done');
  return problems;
}
