// A LeRobotDataset v3.0 directory opened for recording, browsing and editing. Episodes stream into a
// crash-safe log (episode-log.ts) and are finalized here in one journaled commit (file-transaction.ts).
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCodes, PraxisError } from '../api';
import {
  type EpisodeRecord,
  readEpisodes,
  readInfo,
  readStudioEpisodes,
  readTasks,
  type StatsLayout,
  type StudioEpisode,
  defaultStudioEpisode,
  writeEpisodes,
  writeInfo,
  writeStats,
  writeStudioEpisodes,
  writeTasks,
} from './dataset-meta';
import { computeEpisodeStats, type EpisodeFrames, framesToRows, rowsToColumns, rowsToFrames } from './episode-frames';
import { EpisodeLogWriter, readEpisodeLog } from './episode-log';
import { EpisodeRecording } from './episode-recording';
import { type CameraSpec, encodeEpisodeVideos } from './episode-video';
import { aggregateStats, type DatasetStats } from './feature-stats';
import { tempPathFor } from './atomic-file';
import { FileTransaction, replayJournal } from './file-transaction';
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
  dataFilePath,
  EPISODES_DIR,
  episodesFilePath,
  IMAGE_KEY_PREFIX,
  nextChunkFile,
  RECORDING_DIR,
  STATE_KEY,
  videoFilePath,
  videoKeys,
} from './lerobot-format';
import { encodeParquet, type ParquetRow, readParquetRows } from './parquet-io';
import { concatVideos, detectVideoEncoder, probeVideo, type VideoCodecChoice, type VideoEncoder } from './video-encoder';
import { acquireWriterLock, claimLog, foreignWriter, logInUse, logOwnerPath, releaseWriterLock } from './writer-lock';

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

export interface EpisodeSummary {
  index: number;
  length: number;
  durationS: number;
  tasks: string[];
  tags: string[];
  success: boolean | null;
  notes: string;
  recordedAt?: string;
}

export interface RecoveryReport {
  log: string;
  /** Episode index it became, or null when it held no complete frame (then it is removed). */
  episodeIndex: number | null;
  frames: number;
  /** Bytes of the torn last chunk that were skipped. */
  tornBytes: number;
  alreadyCommitted: boolean;
}

export interface OperationOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, what: string) => void;
}

const MB = 1024 * 1024;

export class Dataset {
  private recording: EpisodeRecording | undefined;
  private readonly encoders = new Map<string, VideoEncoder>();

  private constructor(
    readonly root: string,
    private infoJson: DatasetInfoJson,
    private records: EpisodeRecord[],
    private tasks: string[],
    private studio: StudioEpisode[],
  ) {}

  /** Open an existing LeRobot v3.0 dataset. Finishes a commit a crash interrupted; never touches episode logs. */
  static async open(root: string): Promise<Dataset> {
    const info = await readInfo(root); // DATASET_NOT_FOUND before anything is written
    if ((await foreignWriter(root)) === null && (await replayJournal(root))) return Dataset.open(root);
    return Dataset.load(root, info);
  }

  private static async load(root: string, info: DatasetInfoJson): Promise<Dataset> {
    const records = info.total_episodes > 0 || info.total_tasks > 0 ? await readEpisodes(root) : [];
    const tasks = info.total_tasks > 0 ? await readTasks(root) : [];
    const studio = await readStudioEpisodes(root);
    return new Dataset(root, info, records, tasks, studio);
  }

  /** Open the dataset at `root`, creating it for `spec` if absent; fps and joint names must match an existing one. */
  static async openOrCreate(root: string, spec: DatasetSpec): Promise<Dataset> {
    validateSpec(spec);
    let ds: Dataset;
    try {
      ds = await Dataset.open(root);
    } catch (e) {
      if (!(e instanceof PraxisError) || e.code !== ErrorCodes.DATASET_NOT_FOUND) throw e;
      await mkdir(root, { recursive: true });
      const info = newInfo(spec);
      const tx = new FileTransaction(root);
      await writeInfo(tx, info);
      await tx.commit();
      ds = new Dataset(root, info, [], [], []);
    }
    ds.checkCompatible(spec);
    await ds.lockForWriting();
    ds.preferredCodec = spec.videoCodec;
    return ds;
  }

  private preferredCodec: VideoCodecChoice | undefined;
  private locked = false;

  /** Become this dataset's only writer (another live process holding it → INVALID_ARGUMENT with its pid). */
  private async lockForWriting(): Promise<void> {
    if (this.locked) return;
    await acquireWriterLock(this.root);
    this.locked = true;
  }

  /** Release the writer lock. Saves nothing: every change is already committed when its call returns. */
  async close(): Promise<void> {
    if (this.recording?.active) await this.recording.discard();
    if (this.locked) await releaseWriterLock(this.root);
    this.locked = false;
  }

  private checkCompatible(spec: DatasetSpec): void {
    const f = this.infoJson.features;
    const problems: string[] = [];
    if (this.infoJson.fps !== spec.fps) problems.push(`fps is ${this.infoJson.fps}, recording at ${spec.fps}`);
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    if (!same(f[STATE_KEY]?.names, spec.stateNames)) problems.push(`${STATE_KEY} joints differ`);
    if (!same(f[ACTION_KEY]?.names, spec.actionNames)) problems.push(`${ACTION_KEY} joints differ`);
    for (const [cam, c] of Object.entries(spec.cameras ?? {})) {
      const v = f[IMAGE_KEY_PREFIX + cam];
      if (!v || v.shape[0] !== c.height || v.shape[1] !== c.width) problems.push(`camera ${cam} is not ${c.width}x${c.height} in this dataset`);
    }
    if (problems.length) {
      throw new PraxisError(ErrorCodes.DATASET_INCOMPATIBLE, `${this.root} was recorded differently: ${problems.join('; ')}`, 'Record into a new dataset directory, or match the existing setup.', { root: this.root, problems });
    }
  }

  /** info.json as on disk (a copy). */
  info(): DatasetInfoJson {
    return structuredClone(this.infoJson);
  }

  get fps(): number {
    return this.infoJson.fps;
  }

  episodes(): EpisodeSummary[] {
    return this.records.map((r, i) => {
      const s = this.studio[i] ?? defaultStudioEpisode();
      return { index: i, length: r.length, durationS: r.length / this.infoJson.fps, tasks: r.tasks, tags: s.tags, success: s.success, notes: s.notes, recordedAt: s.recordedAt };
    });
  }

  /** Where an episode's rows and video segments live (LeRobot's meta/episodes row). */
  episodeRecord(index: number): EpisodeRecord {
    return structuredClone(this.record(index));
  }

  private record(index: number): EpisodeRecord {
    const r = this.records[index];
    if (!r) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Episode ${index} does not exist (the dataset has ${this.records.length})`, 'Pick an episode from `praxis dataset info`.');
    return r;
  }

  cameraNames(): string[] {
    return videoKeys(this.infoJson).filter((k) => k.startsWith(IMAGE_KEY_PREFIX)).map((k) => k.slice(IMAGE_KEY_PREFIX.length));
  }

  // ---------------------------------------------------------------- recording

  /** Start streaming an episode into a crash-safe log under .praxis/recording/. One at a time. */
  async beginEpisode(opts: { task: string; flushIntervalMs?: number }): Promise<EpisodeRecording> {
    if (this.recording?.active) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'An episode is already being recorded in this dataset', 'Save or discard it first.');
    if (!opts.task) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'An episode needs a task description', 'Describe the task in a few words, e.g. "pick the red cube".');
    await this.lockForWriting();
    const dir = join(this.root, RECORDING_DIR);
    await mkdir(dir, { recursive: true });
    const startedAt = new Date().toISOString();
    const path = join(dir, `episode-${startedAt.replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}.mcap`);
    const f = this.infoJson.features;
    const log = await EpisodeLogWriter.create(
      path,
      { task: opts.task, fps: this.fps, startedAt, stateSize: f[STATE_KEY].shape[0], actionSize: f[ACTION_KEY].shape[0], cameras: this.cameraNames() },
      { flushIntervalMs: opts.flushIntervalMs },
    );
    await claimLog(path);
    this.recording = new EpisodeRecording(log, this.cameraSpecs(), (p) => this.finalizeLog(p), async (p) => removeLog(p));
    return this.recording;
  }

  private cameraSpecs(): Record<string, CameraSpec> {
    const out: Record<string, CameraSpec> = {};
    for (const cam of this.cameraNames()) {
      const shape = this.infoJson.features[IMAGE_KEY_PREFIX + cam].shape;
      out[cam] = { height: shape[0], width: shape[1] };
    }
    return out;
  }

  /** Episode logs left by a crash (or a save that failed), oldest first; logs a live recorder still writes are skipped. */
  async pendingLogs(): Promise<string[]> {
    const dir = join(this.root, RECORDING_DIR);
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => n.endsWith('.mcap')).sort();
    } catch {
      return [];
    }
    const active = this.recording?.active ? this.recording.path : undefined;
    const out: string[] = [];
    for (const p of names.map((n) => join(dir, n))) if (p !== active && !(await logInUse(p))) out.push(p);
    return out;
  }

  /** Finalize every unfinished episode log into the dataset, keeping each complete chunk. */
  async recover(): Promise<RecoveryReport[]> {
    await this.lockForWriting();
    await replayJournal(this.root);
    const out: RecoveryReport[] = [];
    for (const log of await this.pendingLogs()) out.push(await this.finalizeLog(log));
    return out;
  }

  private async videoEncoder(cam: string, spec: CameraSpec): Promise<VideoEncoder> {
    let encoder = this.encoders.get(cam);
    if (!encoder) {
      encoder = await detectVideoEncoder(this.preferredCodec, spec);
      this.encoders.set(cam, encoder);
    }
    return encoder;
  }

  /** Turn one episode log into dataset episode N: data rows, videos, metadata, in one journaled commit. */
  async finalizeLog(logPath: string): Promise<RecoveryReport> {
    await this.lockForWriting();
    const recordingId = logPath.split(/[\\/]/).pop() as string;
    const committed = this.studio.findIndex((s, i) => i < this.records.length && s.recordingId === recordingId);
    if (committed >= 0) {
      await removeLog(logPath);
      return { log: logPath, episodeIndex: committed, frames: this.records[committed].length, tornBytes: 0, alreadyCommitted: true };
    }
    const states: Float32Array[] = [];
    const actions: Float32Array[] = [];
    const stamps: number[] = [];
    const contents = await readEpisodeLog(logPath, (e) => {
      if (e.kind !== 'frame') return;
      states.push(e.frame.state);
      actions.push(e.frame.action);
      stamps.push(e.frame.timestamp);
    });
    const length = states.length;
    if (length === 0) {
      await removeLog(logPath);
      return { log: logPath, episodeIndex: null, frames: 0, tornBytes: contents.tornBytes, alreadyCommitted: false };
    }
    const header = contents.header;
    const info = this.infoJson;
    const episodeIndex = this.records.length;
    const globalFrom = this.records.length ? this.records[this.records.length - 1].to : 0;
    const tasks = this.tasks.slice();
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

    const tx = new FileTransaction(this.root);
    const record: EpisodeRecord = { episodeIndex, tasks: [header.task], length, dataChunk: 0, dataFile: 0, from: globalFrom, to: globalFrom + length, videos: {}, stats };
    const cams = this.cameraSpecs();
    const newInfo = structuredClone(info);
    if (Object.keys(cams).length > 0) {
      const encoders: Record<string, VideoEncoder> = {};
      const fresh: Record<string, [number, number]> = {};
      for (const cam of Object.keys(cams)) {
        encoders[cam] = await this.videoEncoder(cam, cams[cam]);
        fresh[cam] = this.nextVideoSlot(IMAGE_KEY_PREFIX + cam);
      }
      const encoded = await encodeEpisodeVideos(logPath, length, info.fps, cams, (cam) => join(this.root, videoFilePath(info, IMAGE_KEY_PREFIX + cam, ...fresh[cam])), (cam) => encoders[cam]);
      for (const [cam, enc] of Object.entries(encoded)) {
        const key = IMAGE_KEY_PREFIX + cam;
        const placed = await this.placeEpisodeVideo(tx, key, enc.tempPath, fresh[cam]);
        record.videos[key] = { chunk: placed.chunk, file: placed.file, fromTimestamp: placed.start, toTimestamp: placed.start + length / info.fps };
        stats[key] = enc.stats;
        newInfo.features[key].info = { ...newInfo.features[key].info, ...videoInfo(encoders[cam], cams[cam], info.fps) };
      }
    }
    const [chunk, file] = await this.appendRows(tx, rows);
    record.dataChunk = chunk;
    record.dataFile = file;

    const studio = this.studio.slice(0, this.records.length);
    while (studio.length < this.records.length) studio.push(defaultStudioEpisode());
    studio.push({ ...defaultStudioEpisode(), recordedAt: header.startedAt, recordingId, timing: timingOf(stamps, info.fps) });
    const records = [...this.records, record];
    if (tasks.length !== this.tasks.length) await writeTasks(tx, tasks);
    await this.stageMetadata(tx, newInfo, records, tasks, studio);
    await tx.commit();
    this.infoJson = newInfo;
    this.records = records;
    this.tasks = tasks;
    this.studio = studio;
    await removeLog(logPath);
    return { log: logPath, episodeIndex, frames: length, tornBytes: contents.tornBytes, alreadyCommitted: false };
  }

  /**
   * Put a freshly encoded episode video in place: appended to the camera's newest file while that stays under
   * video_files_size_in_mb (as LeRobot packs episodes), else as the next file. Returns where its frames start.
   */
  private async placeEpisodeVideo(tx: FileTransaction, key: string, temp: string, fresh: [number, number]): Promise<{ chunk: number; file: number; start: number }> {
    const info = this.infoJson;
    const last = this.lastVideoSlot(key);
    if (last) {
      const rel = videoFilePath(info, key, ...last);
      const path = join(this.root, rel);
      const size = await stat(path).then((s) => s.size, () => -1);
      if (size >= 0 && (size + (await stat(temp)).size) / MB < info.video_files_size_in_mb) {
        // Frames of the existing file end at frames/fps; the appended episode starts there.
        const start = (await probeVideo(path)).frames / info.fps;
        const joined = tempPathFor(path);
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

  private lastVideoSlot(key: string): [number, number] | undefined {
    let last: [number, number] | undefined;
    for (const r of this.records) {
      const v = r.videos[key];
      if (v && (!last || v.chunk > last[0] || (v.chunk === last[0] && v.file > last[1]))) last = [v.chunk, v.file];
    }
    return last;
  }

  private nextVideoSlot(key: string): [number, number] {
    const last = this.lastVideoSlot(key);
    return last ? nextChunkFile(last[0], last[1], this.infoJson.chunks_size) : [0, 0];
  }

  /** Append rows to the newest data file, or start the next one when it would pass data_files_size_in_mb. */
  private async appendRows(tx: FileTransaction, rows: ParquetRow[]): Promise<[number, number]> {
    const info = this.infoJson;
    const last = this.records[this.records.length - 1];
    let chunk = 0;
    let file = 0;
    let existing: ParquetRow[] = [];
    if (last) {
      chunk = last.dataChunk;
      file = last.dataFile;
      const path = join(this.root, dataFilePath(info, chunk, file));
      const size = (await stat(path)).size;
      const rowsInFile = this.records.filter((r) => r.dataChunk === chunk && r.dataFile === file).reduce((a, r) => a + r.length, 0);
      const perRow = rowsInFile ? size / rowsInFile : 0;
      if ((size + perRow * rows.length) / MB >= info.data_files_size_in_mb) {
        [chunk, file] = nextChunkFile(chunk, file, info.chunks_size);
      } else {
        // Only rows of committed episodes: a crash between staging and commit may have left nothing else, but be sure.
        existing = (await readParquetRows(path)).filter((r) => Number(r.index) < last.to);
      }
    }
    const rel = dataFilePath(info, chunk, file);
    await tx.put(rel, encodeParquet(rowsToColumns(info, existing.concat(rows), rel)));
    return [chunk, file];
  }

  /** Stage meta/episodes, info.json, stats.json and the studio notes for `records`. */
  private async stageMetadata(tx: FileTransaction, info: DatasetInfoJson, records: EpisodeRecord[], tasks: string[], studio: StudioEpisode[]): Promise<void> {
    info.total_episodes = records.length;
    info.total_frames = records.reduce((a, r) => a + r.length, 0);
    info.total_tasks = tasks.length;
    info.splits = { train: `0:${records.length}` };
    const layout = this.statsLayout(info);
    // meta/episodes is rewritten whole into chunk-000/file-000; other files (from LeRobot's writer) go away in the same commit.
    for (const rel of await listEpisodeFiles(this.root)) if (rel !== episodesFilePath(0, 0)) tx.remove(rel);
    await writeStudioEpisodes(tx, studio);
    if (records.length > 0) {
      await writeEpisodes(tx, records, videoKeys(info), layout);
      await writeStats(tx, aggregateStats(records.map((r) => r.stats)), layout);
    } else {
      tx.remove('meta/episodes/chunk-000/file-000.parquet');
      tx.remove('meta/stats.json');
    }
    await writeInfo(tx, info);
  }

  private statsLayout(info: DatasetInfoJson): StatsLayout {
    const layout: StatsLayout = {};
    for (const [k, f] of Object.entries(info.features)) {
      if (['string', 'language', 'image'].includes(f.dtype)) continue;
      layout[k] = { float32: f.dtype === 'float32' || f.dtype === 'video', image: f.dtype === 'video' };
    }
    return layout;
  }

  // ---------------------------------------------------------------- reading

  /** All rows of episode `index` as typed columns (`observation.state`, `action`, `timestamp`, ...). */
  async readEpisode(index: number): Promise<EpisodeFrames> {
    const r = this.record(index);
    const path = join(this.root, dataFilePath(this.infoJson, r.dataChunk, r.dataFile));
    // Episodes sit in a file in index order, so the episode is one row range; read just those row groups.
    const before = this.records.filter((o) => o.dataChunk === r.dataChunk && o.dataFile === r.dataFile && o.from < r.from).reduce((a, o) => a + o.length, 0);
    let rows = await readParquetRows(path, undefined, before, before + r.length);
    if (rows.length !== r.length || rows.some((row) => Number(row.episode_index) !== r.episodeIndex)) {
      rows = (await readParquetRows(path)).filter((row) => Number(row.episode_index) === r.episodeIndex); // a file written in another order
    }
    return rowsToFrames(this.infoJson, index, rows);
  }

  /** Dataset statistics as in meta/stats.json (what the trainer normalises with). */
  normalisationStats(): DatasetStats {
    return this.records.length ? aggregateStats(this.records.map((r) => r.stats)) : {};
  }

  // ---------------------------------------------------------------- editing

  async setTags(index: number, tags: string[]): Promise<void> {
    await this.updateStudio(index, { tags: [...new Set(tags.map((t) => t.trim()).filter(Boolean))] });
  }

  async setSuccess(index: number, success: boolean | null): Promise<void> {
    await this.updateStudio(index, { success });
  }

  async setNotes(index: number, notes: string): Promise<void> {
    await this.updateStudio(index, { notes });
  }

  private async updateStudio(index: number, patch: Partial<StudioEpisode>): Promise<void> {
    this.record(index);
    await this.lockForWriting();
    const studio = this.records.map((_, i) => this.studio[i] ?? defaultStudioEpisode());
    studio[index] = { ...studio[index], ...patch };
    const tx = new FileTransaction(this.root);
    await writeStudioEpisodes(tx, studio);
    await tx.commit();
    this.studio = studio;
  }

  /** Keep frames [from, to) of an episode. Video segments are re-pointed, not re-encoded. */
  async trim(index: number, from: number, to: number): Promise<void> {
    const r = this.record(index);
    if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to <= r.length && to - from >= 1)) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Cannot trim episode ${index} (${r.length} frames) to [${from}, ${to})`, 'Pick 0 ≤ from < to ≤ length.');
    }
    await this.rewrite(index, (i, rows, rec) => {
      if (i !== index) return { rows, rec };
      const fps = this.infoJson.fps;
      const videos: EpisodeRecord['videos'] = {};
      for (const [k, v] of Object.entries(rec.videos)) {
        const start = v.fromTimestamp + from / fps;
        videos[k] = { ...v, fromTimestamp: start, toTimestamp: start + (to - from) / fps };
      }
      return { rows: rows.slice(from, to), rec: { ...rec, videos } };
    });
  }

  /** Remove an episode; later episodes shift down and `index`/`episode_index` are renumbered in every file. */
  async deleteEpisode(index: number): Promise<void> {
    this.record(index);
    await this.rewrite(index, (i, rows, rec) => (i === index ? null : { rows, rec }), index);
  }

  /**
   * Rewrite data files from the first affected one on, renumbering episodes and global indexes, in one commit.
   * Video files are shared and immutable here: trimmed or deleted segments simply stop being referenced.
   */
  private async rewrite(
    firstAffected: number,
    edit: (i: number, rows: ParquetRow[], rec: EpisodeRecord) => { rows: ParquetRow[]; rec: EpisodeRecord } | null,
    removed?: number,
  ): Promise<void> {
    await this.lockForWriting();
    const info = this.infoJson;
    const tx = new FileTransaction(this.root);
    const files = [...new Set(this.records.map((r) => `${r.dataChunk}/${r.dataFile}`))];
    const records: EpisodeRecord[] = [];
    let nextIndex = 0;
    for (const key of files) {
      const [chunk, file] = key.split('/').map(Number);
      const inFile = this.records.filter((r) => r.dataChunk === chunk && r.dataFile === file);
      if (inFile[inFile.length - 1].episodeIndex < firstAffected) {
        records.push(...inFile);
        nextIndex = inFile[inFile.length - 1].to;
        continue;
      }
      const rel = dataFilePath(info, chunk, file);
      const all = await readParquetRows(join(this.root, rel));
      const out: ParquetRow[] = [];
      for (const [i, rec] of this.records.entries()) {
        if (rec.dataChunk !== chunk || rec.dataFile !== file) continue;
        const rows = all.filter((row) => Number(row.episode_index) === rec.episodeIndex);
        const edited = edit(i, rows, rec);
        if (!edited) continue;
        const episodeIndex = records.length;
        const frames = rowsToFrames(info, episodeIndex, edited.rows);
        const taskOf = edited.rows.map((row) => Number(row.task_index));
        const restamped = framesToRows(info, frames, episodeIndex, nextIndex, (f) => taskOf[f]);
        const stats = { ...edited.rec.stats, ...computeEpisodeStats(info, restamped) };
        records.push({ ...edited.rec, episodeIndex, length: restamped.length, from: nextIndex, to: nextIndex + restamped.length, stats });
        nextIndex += restamped.length;
        out.push(...restamped);
      }
      if (out.length) await tx.put(rel, encodeParquet(rowsToColumns(info, out, rel)));
      else tx.remove(rel);
    }
    const studio = this.records.map((_, i) => this.studio[i] ?? defaultStudioEpisode()).filter((_, i) => i !== removed);
    await this.stageMetadata(tx, structuredClone(info), records, this.tasks, studio);
    await tx.commit();
    this.infoJson = await readInfo(this.root);
    this.records = records;
    this.studio = studio;
  }
}

async function listEpisodeFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  try {
    for (const chunk of await readdir(join(root, EPISODES_DIR))) {
      for (const f of await readdir(join(root, EPISODES_DIR, chunk))) if (f.endsWith('.parquet')) out.push(`${EPISODES_DIR}/${chunk}/${f}`);
    }
  } catch {
    // no episodes yet
  }
  return out;
}

async function removeLog(path: string): Promise<void> {
  await rm(path, { force: true });
  await rm(logOwnerPath(path), { force: true });
}

function concat(parts: Float32Array[], width: number): Float32Array {
  const out = new Float32Array(parts.length * width);
  parts.forEach((p, i) => {
    if (p.length !== width) throw new PraxisError(ErrorCodes.DATASET_CORRUPT, `episode log frame ${i} has ${p.length} values, expected ${width}`);
    out.set(p, i * width);
  });
  return out;
}

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

function validateSpec(spec: DatasetSpec): void {
  const bad = (why: string) => new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Invalid dataset spec: ${why}`, 'Fix the recording settings.');
  if (!Number.isInteger(spec.fps) || spec.fps <= 0) throw bad('fps must be a positive integer (LeRobot stores fps as an int)');
  if (!spec.stateNames.length || !spec.actionNames.length) throw bad('state and action need at least one joint name');
  for (const [cam, c] of Object.entries(spec.cameras ?? {})) {
    if (!/^[A-Za-z0-9_]+$/.test(cam)) throw bad(`camera name "${cam}" must be letters, digits or _`);
    if (c.width % 2 || c.height % 2 || c.width < 16 || c.height < 16) throw bad(`camera ${cam}: width and height must be even and ≥ 16 for yuv420p video`);
  }
}

function newInfo(spec: DatasetSpec): DatasetInfoJson {
  const features: DatasetInfoJson['features'] = {
    [STATE_KEY]: { dtype: 'float32', shape: [spec.stateNames.length], names: spec.stateNames },
    [ACTION_KEY]: { dtype: 'float32', shape: [spec.actionNames.length], names: spec.actionNames },
  };
  for (const [cam, c] of Object.entries(spec.cameras ?? {})) {
    features[IMAGE_KEY_PREFIX + cam] = { dtype: 'video', shape: [c.height, c.width, 3], names: ['height', 'width', 'channels'], info: { 'video.height': c.height, 'video.width': c.width, 'video.pix_fmt': 'yuv420p', 'video.fps': spec.fps, 'video.channels': 3, has_audio: false, is_depth_map: false } };
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
