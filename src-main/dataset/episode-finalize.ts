// Turning one episode log into dataset episode N: rows to the newest data file, camera videos appended to
// their MP4s, metadata restaged, all committed in one journal. Idempotent: a log whose recording id is
// already in the studio notes of a committed episode is just removed.
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ErrorCodes, PraxisError } from '../api';
import { stagingPathFor } from './atomic-file';
import { type EpisodeRecord, defaultStudioEpisode, writeTasks } from './dataset-meta';
import { type DatasetState, nextVideoSlot, lastVideoSlot, stageMetadata, studioNotes } from './dataset-state';
import { computeEpisodeStats, type EpisodeFrames, framesToRows, rowsToColumns } from './episode-frames';
import { EpisodeLogHeaderMissing, readEpisodeLog } from './episode-log';
import { type CameraSpec, type EncodedCamera, encodeEpisodeVideos, type ReplayProgress, sampleEpisodeImageStats } from './episode-video';
import type { LiveVideoResult } from './live-video';
import { FileTransaction } from './file-transaction';
import { ACTION_KEY, dataFilePath, IMAGE_KEY_PREFIX, nextChunkFile, STAGING_DIR, STATE_KEY, videoFilePath } from './lerobot-format';
import { parquetAppendRowGroup } from './parquet-append';
import { corruptParquet, encodeParquet, type ParquetRow, readDatasetFile, readParquetRows } from './parquet-io';
import { concatVideos, probeVideo, type VideoEncoder } from './video-encoder';
import { logOwnerPath } from './writer-lock';

const MB = 1024 * 1024;

export interface RecoveryReport {
  log: string;
  /** Episode index it became, or null when it held no complete frame (then it is removed). */
  episodeIndex: number | null;
  frames: number;
  /** Bytes of the torn last chunk that were skipped. */
  tornBytes: number;
  alreadyCommitted: boolean;
  /** How camera video was made: encoded while recording, replayed from the log at finalize, or no cameras. */
  video: 'live' | 'replayed' | 'none';
}

export async function finalizeEpisodeLog(
  state: DatasetState,
  logPath: string,
  cameras: Record<string, CameraSpec>,
  encoderFor: (camera: string, spec: CameraSpec) => Promise<VideoEncoder>,
  live: LiveVideoResult | null = null,
  progress?: ReplayProgress,
): Promise<{ next: DatasetState; report: RecoveryReport }> {
  const { root, info, records } = state;
  const recordingId = logPath.split(/[\\/]/).pop() as string;
  const committed = state.studio.findIndex((s, i) => i < records.length && s.recordingId === recordingId);
  if (committed >= 0) {
    await removeLog(logPath);
    return { next: state, report: { log: logPath, episodeIndex: committed, frames: records[committed].length, tornBytes: 0, alreadyCommitted: true, video: 'none' } };
  }
  const states: Float32Array[] = [];
  const actions: Float32Array[] = [];
  const stamps: number[] = [];
  let contents: Awaited<ReturnType<typeof readEpisodeLog>> | undefined;
  try {
    contents = await readEpisodeLog(logPath, (e) => {
      if (e.kind !== 'frame') return;
      states.push(e.frame.state);
      actions.push(e.frame.action);
      stamps.push(e.frame.timestamp);
    });
  } catch (e) {
    // No header: the crash came before the log's first fsync, so it never held a frame.
    if (!(e instanceof EpisodeLogHeaderMissing)) throw e;
  }
  const length = states.length;
  if (!contents || length === 0) {
    await removeLog(logPath);
    return { next: state, report: { log: logPath, episodeIndex: null, frames: 0, tornBytes: contents?.tornBytes ?? 0, alreadyCommitted: false, video: 'none' } };
  }
  const header = contents.header;
  const episodeIndex = records.length;
  const globalFrom = records.length ? records[records.length - 1].to : 0;
  const tasks = state.tasks.slice();
  let taskIndex = tasks.indexOf(header.task);
  if (taskIndex < 0) taskIndex = tasks.push(header.task) - 1;

  const stateWidth = info.features[STATE_KEY].shape[0];
  const actionWidth = info.features[ACTION_KEY].shape[0];
  const frames: EpisodeFrames = {
    episodeIndex,
    length,
    columns: {
      [STATE_KEY]: { width: stateWidth, values: concat(states, stateWidth) },
      [ACTION_KEY]: { width: actionWidth, values: concat(actions, actionWidth) },
    },
  };
  const rows = framesToRows(info, frames, episodeIndex, globalFrom, () => taskIndex);
  const stats = computeEpisodeStats(info, rows);
  const record: EpisodeRecord = { episodeIndex, tasks: [header.task], length, dataChunk: 0, dataFile: 0, from: globalFrom, to: globalFrom + length, videos: {}, stats };
  const nextInfo = structuredClone(info);
  const tx = new FileTransaction(root);
  let video: RecoveryReport['video'] = 'none';
  try {
    if (Object.keys(cameras).length > 0) {
      const encoders: Record<string, VideoEncoder> = {};
      const fresh: Record<string, [number, number]> = {};
      for (const cam of Object.keys(cameras)) {
        encoders[cam] = await encoderFor(cam, cameras[cam]);
        fresh[cam] = nextVideoSlot(state, IMAGE_KEY_PREFIX + cam);
      }
      let encoded: Record<string, EncodedCamera>;
      if (live && live.rows === length) {
        const imageStats = await sampleEpisodeImageStats(logPath, length, cameras);
        encoded = Object.fromEntries(Object.keys(cameras).map((cam) => [cam, { tempPath: live.files[cam], stats: imageStats[cam] }]));
        video = 'live';
      } else {
        video = 'replayed';
        for (const f of Object.values(live?.files ?? {})) await rm(f, { force: true });
        encoded = await encodeEpisodeVideos(logPath, length, info.fps, cameras, (cam) => join(root, STAGING_DIR, basename(videoFilePath(info, IMAGE_KEY_PREFIX + cam, ...fresh[cam]))), (cam) => encoders[cam], progress);
      }
      for (const [cam, enc] of Object.entries(encoded)) {
        const key = IMAGE_KEY_PREFIX + cam;
        const placed = await placeEpisodeVideo(state, tx, key, enc.tempPath, fresh[cam]);
        record.videos[key] = { chunk: placed.chunk, file: placed.file, fromTimestamp: placed.start, toTimestamp: placed.start + length / info.fps };
        stats[key] = enc.stats;
        nextInfo.features[key].info = { ...nextInfo.features[key].info, ...videoInfo(encoders[cam], cameras[cam], info.fps) };
      }
    }
    [record.dataChunk, record.dataFile] = await appendRows(state, tx, rows);
    const studio = studioNotes(state);
    studio.push({ ...defaultStudioEpisode(), recordedAt: header.startedAt, recordingId, timing: timingOf(stamps, info.fps) });
    const next: DatasetState = { root, info: nextInfo, records: [...records, record], tasks, studio };
    if (tasks.length !== state.tasks.length) await writeTasks(tx, tasks);
    await stageMetadata(tx, next);
    await tx.commit();
    await removeLog(logPath);
    return { next, report: { log: logPath, episodeIndex, frames: length, tornBytes: contents.tornBytes, alreadyCommitted: false, video } };
  } catch (e) {
    await tx.abort();
    throw e;
  }
}

/**
 * Put a freshly encoded episode video in place: appended to the camera's newest file while that stays under
 * video_files_size_in_mb (as LeRobot packs episodes), else as the next file. Returns where its frames start.
 */
async function placeEpisodeVideo(state: DatasetState, tx: FileTransaction, key: string, temp: string, fresh: [number, number]): Promise<{ chunk: number; file: number; start: number }> {
  const { info, root } = state;
  const last = lastVideoSlot(state.records, key);
  if (last) {
    const rel = videoFilePath(info, key, ...last);
    const path = join(root, rel);
    const size = await stat(path).then((s) => s.size, () => -1);
    if (size >= 0 && (size + (await stat(temp)).size) / MB < info.video_files_size_in_mb) {
      // The existing file's frames end at frames/fps; the appended episode starts there.
      const start = (await probeVideo(path)).frames / info.fps;
      const joined = stagingPathFor(root, path);
      await mkdir(dirname(joined), { recursive: true });
      try {
        await concatVideos(path, temp, joined);
      } finally {
        await rm(temp, { force: true });
      }
      tx.adopt(joined, rel);
      return { chunk: last[0], file: last[1], start };
    }
  }
  tx.adopt(temp, videoFilePath(info, key, ...fresh));
  return { chunk: fresh[0], file: fresh[1], start: 0 };
}

/**
 * Append rows to the newest data file, or start the next one when it would pass data_files_size_in_mb. The
 * episode goes in as one more row group, the committed ones copied as bytes (parquet-append.ts); only a file
 * holding rows no episode owns, or written with another schema, is decoded and rewritten.
 */
async function appendRows(state: DatasetState, tx: FileTransaction, rows: ParquetRow[]): Promise<[number, number]> {
  const { info, records, root } = state;
  const last = records[records.length - 1];
  let chunk = 0;
  let file = 0;
  if (last) {
    chunk = last.dataChunk;
    file = last.dataFile;
    const path = join(root, dataFilePath(info, chunk, file));
    const size = (await stat(path)).size;
    const inFile = records.filter((r) => r.dataChunk === chunk && r.dataFile === file);
    const rowsInFile = inFile.reduce((a, r) => a + r.length, 0);
    const perRow = rowsInFile ? size / rowsInFile : 0;
    if ((size + perRow * rows.length) / MB >= info.data_files_size_in_mb) {
      [chunk, file] = nextChunkFile(chunk, file, info.chunks_size);
    } else {
      const rel = dataFilePath(info, chunk, file);
      const bytes = await readDatasetFile(path);
      const columns = rowsToColumns(info, rows, rel);
      let appended: Uint8Array | null;
      try {
        appended = parquetAppendRowGroup(bytes, columns, rowsInFile);
      } catch (e) {
        throw corruptParquet(path, e);
      }
      if (appended) {
        await tx.put(rel, appended);
        return [chunk, file];
      }
      const committed = (await readParquetRows(path)).filter((r) => Number(r.index) < last.to);
      // One row group per episode, as LeRobot's writer does: an episode is read without touching its neighbours.
      await tx.put(rel, encodeParquet(rowsToColumns(info, committed.concat(rows), rel), { rowGroupSize: [...inFile.map((r) => r.length), rows.length] }));
      return [chunk, file];
    }
  }
  const rel = dataFilePath(info, chunk, file);
  await tx.put(rel, encodeParquet(rowsToColumns(info, rows, rel), { rowGroupSize: [rows.length] }));
  return [chunk, file];
}

/** Remove an episode log with its owner note and any live-encoded video beside it. */
export async function removeLog(path: string): Promise<void> {
  await rm(path, { force: true });
  await rm(logOwnerPath(path), { force: true });
  const name = basename(path);
  const siblings = await readdir(dirname(path)).catch(() => [] as string[]);
  for (const f of siblings) if (f.startsWith(`${name}.`) && f.endsWith('.mp4')) await rm(join(dirname(path), f), { force: true });
}

function concat(parts: Float32Array[], width: number): Float32Array {
  const out = new Float32Array(parts.length * width);
  parts.forEach((p, i) => {
    if (p.length !== width) throw new PraxisError(ErrorCodes.DATASET_CORRUPT, `episode log frame ${i} has ${p.length} values, expected ${width}`);
    out.set(p, i * width);
  });
  return out;
}

/** Recorded timestamps against the fixed-rate grid: largest deviation from one period, and gaps over 1.5 periods. */
function timingOf(stamps: number[], fps: number): { maxJitterS: number; gaps: number } {
  let maxJitterS = 0;
  let gaps = 0;
  const period = 1 / fps;
  for (let i = 1; i < stamps.length; i++) {
    const dt = stamps[i] - stamps[i - 1];
    maxJitterS = Math.max(maxJitterS, Math.abs(dt - period));
    if (dt > 1.5 * period) gaps++;
  }
  return { maxJitterS, gaps };
}

/** The `info` block LeRobot's get_video_info would write for this camera's stream. */
function videoInfo(encoder: VideoEncoder, cam: CameraSpec, fps: number): Record<string, unknown> {
  return {
    'video.height': cam.height,
    'video.width': cam.width,
    'video.codec': encoder.codec === 'libsvtav1' ? 'av1' : 'h264',
    'video.pix_fmt': 'yuv420p',
    'video.fps': fps,
    'video.channels': 3,
    ...encoder.infoFields,
    'video.video_backend': 'ffmpeg',
    'video.extra_options': {},
    has_audio: false,
    is_depth_map: false,
  };
}
