// A LeRobotDataset v3.0 directory opened for recording, browsing and editing. Episodes stream into a
// crash-safe log (episode-log.ts) and are finalized in one journaled commit (episode-finalize.ts); edits
// rewrite files the same way (episode-rewrite.ts). The object holds the current metadata in memory and
// replaces it only after a commit succeeded.
import { randomBytes } from 'node:crypto';
import { access, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCodes, PraxisError } from '../api';
import { type EpisodeRecord, readEpisodes, readInfo, readStudioEpisodes, readTasks, type StudioEpisode, writeInfo, writeStudioEpisodes } from './dataset-meta';
import { type DatasetSpec, newInfo, specMismatches, validateSpec } from './dataset-spec';
import { cameraNames, type DatasetState, studioNotes } from './dataset-state';
import { type EpisodeFrames, rowsToFrames } from './episode-frames';
import { finalizeEpisodeLog, type RecoveryReport, removeLog } from './episode-finalize';
import { EpisodeLogWriter } from './episode-log';
import { EpisodeRecording } from './episode-recording';
import { LiveVideo, type LiveVideoResult } from './live-video';
import { rewriteEpisodes, trimEdit } from './episode-rewrite';
import type { CameraSpec, ReplayProgress } from './episode-video';
import { aggregateStats, type DatasetStats } from './feature-stats';
import { infoWithUnits } from './feature-units';
import { FileTransaction, replayJournal } from './file-transaction';
import type { RgbFrame } from './frame-codec';
import { ACTION_KEY, type DatasetInfoJson, dataFilePath, IMAGE_KEY_PREFIX, RECORDING_DIR, STATE_KEY, STUDIO_DIR, videoFilePath } from './lerobot-format';
import { readParquetRows } from './parquet-io';
import { decodeVideoFrames, detectVideoEncoder, type VideoCodecChoice, type VideoEncoder } from './video-encoder';
import { acquireWriterLock, claimLog, foreignWriter, logInUse, releaseWriterLock } from './writer-lock';

export type { DatasetSpec } from './dataset-spec';
export type { RecoveryReport } from './episode-finalize';

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

export interface OperationOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, what: string) => void;
}

export class Dataset {
  private recording: EpisodeRecording | undefined;
  private readonly encoders = new Map<string, VideoEncoder>();
  private preferredCodec: VideoCodecChoice | undefined;
  private locked = false;
  /** Writes run one at a time in call order, so an episode can finalize while the next one records. */
  private writes: Promise<unknown> = Promise.resolve();
  private readonly finalizing = new Set<string>();

  private constructor(private state: DatasetState) {}

  get root(): string {
    return this.state.root;
  }

  /** Open an existing LeRobot v3.0 dataset. Finishes a commit a crash interrupted unless another process is writing. */
  static async open(root: string): Promise<Dataset> {
    const info = await readInfo(root); // DATASET_NOT_FOUND before anything is written
    if ((await foreignWriter(root)) === null && (await replayJournal(root))) return Dataset.open(root);
    const records = info.total_episodes > 0 || info.total_tasks > 0 ? await readEpisodes(root) : [];
    const tasks = info.total_tasks > 0 ? await readTasks(root) : [];
    // Units are judged before Praxis writes anything here: its studio folder means Praxis recorded the
    // dataset (radians); without one the LeRobot convention applies. The next commit writes them out.
    const units = infoWithUnits(info, await exists(join(root, STUDIO_DIR)));
    return new Dataset({ root, info: units, records, tasks, studio: await readStudioEpisodes(root) });
  }

  /** Open the dataset at `root` for writing, creating it for `spec` if absent; fps, joints and cameras must match. */
  static async openOrCreate(root: string, spec: DatasetSpec): Promise<Dataset> {
    validateSpec(spec);
    let ds: Dataset;
    try {
      ds = await Dataset.open(root);
    } catch (e) {
      if (!(e instanceof PraxisError) || e.code !== ErrorCodes.DATASET_NOT_FOUND) throw e;
      await mkdir(root, { recursive: true });
      await acquireWriterLock(root);
      const info = newInfo(spec);
      const tx = new FileTransaction(root);
      await writeInfo(tx, info);
      await tx.commit();
      ds = new Dataset({ root, info, records: [], tasks: [], studio: [] });
    }
    const problems = specMismatches(ds.state.info, spec);
    if (problems.length) {
      throw new PraxisError(ErrorCodes.DATASET_INCOMPATIBLE, `${root} was recorded differently: ${problems.join('; ')}`, 'Record into a new dataset directory, or match the existing setup.', { root, problems });
    }
    await ds.lockForWriting();
    ds.preferredCodec = spec.videoCodec;
    return ds;
  }

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writes.then(fn, fn);
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** Become this dataset's only writer (another live process holding it → INVALID_ARGUMENT with its pid). */
  private async lockForWriting(): Promise<void> {
    if (this.locked) return;
    await acquireWriterLock(this.root);
    this.locked = true;
  }

  /** Release the writer lock (discarding an episode still recording). Every change is committed when its call returns. */
  async close(): Promise<void> {
    if (this.recording?.active) await this.recording.discard();
    await this.writes; // let a background finalize finish before giving up the lock
    if (this.locked) await releaseWriterLock(this.root);
    this.locked = false;
  }

  /** info.json as on disk (a copy). */
  info(): DatasetInfoJson {
    return structuredClone(this.state.info);
  }

  get fps(): number {
    return this.state.info.fps;
  }

  episodes(): EpisodeSummary[] {
    const notes = studioNotes(this.state);
    return this.state.records.map((r, i) => ({
      index: i,
      length: r.length,
      durationS: r.length / this.fps,
      tasks: r.tasks,
      tags: notes[i].tags,
      success: notes[i].success,
      notes: notes[i].notes,
      recordedAt: notes[i].recordedAt,
    }));
  }

  /** Where an episode's rows and video segments live (LeRobot's meta/episodes row), with its statistics. */
  episodeRecord(index: number): EpisodeRecord {
    return structuredClone(this.record(index));
  }

  private record(index: number): EpisodeRecord {
    const r = this.state.records[index];
    if (!r) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Episode ${index} does not exist (the dataset has ${this.state.records.length})`, 'Pick an episode from `praxis dataset info`.');
    return r;
  }

  cameraNames(): string[] {
    return cameraNames(this.state.info);
  }

  private cameraSpecs(): Record<string, CameraSpec> {
    const out: Record<string, CameraSpec> = {};
    for (const cam of this.cameraNames()) {
      const [height, width] = this.state.info.features[IMAGE_KEY_PREFIX + cam].shape;
      out[cam] = { height, width };
    }
    return out;
  }

  // ---------------------------------------------------------------- recording

  /**
   * Start streaming an episode into a crash-safe log under .praxis/recording/. One records at a time, but the
   * next may begin as soon as the previous one's save() was called: finalizing continues in the background.
   */
  async beginEpisode(opts: { task: string; flushIntervalMs?: number }): Promise<EpisodeRecording> {
    if (this.recording?.active) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'An episode is already being recorded in this dataset', 'Save or discard it first.');
    if (!opts.task) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'An episode needs a task description', 'Describe the task in a few words, e.g. "pick the red cube".');
    await this.lockForWriting();
    const dir = join(this.root, RECORDING_DIR);
    await mkdir(dir, { recursive: true });
    const startedAt = new Date().toISOString();
    const path = join(dir, `episode-${startedAt.replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}.mcap`);
    const f = this.state.info.features;
    const log = await EpisodeLogWriter.create(
      path,
      { task: opts.task, fps: this.fps, startedAt, stateSize: f[STATE_KEY].shape[0], actionSize: f[ACTION_KEY].shape[0], cameras: this.cameraNames() },
      { flushIntervalMs: opts.flushIntervalMs },
    );
    await claimLog(path);
    this.recording = new EpisodeRecording(log, this.cameraSpecs(), (p, live) => this.finalizeLog(p, live), removeLog, await this.liveVideo(path));
    return this.recording;
  }

  /** Live camera encoding for a new episode; none without cameras or without an encoder (save reports that). */
  private async liveVideo(logPath: string): Promise<LiveVideo | undefined> {
    const cams = this.cameraSpecs();
    if (Object.keys(cams).length === 0) return undefined;
    const encoders: Record<string, VideoEncoder> = {};
    try {
      for (const [cam, spec] of Object.entries(cams)) encoders[cam] = await this.videoEncoder(cam, spec);
    } catch (e) {
      if (e instanceof PraxisError && e.code === ErrorCodes.VIDEO_ENCODER_MISSING) return undefined; // recording must not depend on ffmpeg
      throw e;
    }
    return new LiveVideo(logPath, cams, encoders, this.fps);
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
    for (const p of names.map((n) => join(dir, n))) if (p !== active && !this.finalizing.has(p) && !(await logInUse(p))) out.push(p);
    return out;
  }

  /** Finalize every unfinished episode log into the dataset, keeping each complete chunk. */
  /** Finalize every unfinished episode log; progress counts rows replayed, cancelling keeps the remaining logs. */
  async recover(options: OperationOptions = {}): Promise<RecoveryReport[]> {
    return this.serialize(async () => {
      await this.lockForWriting();
      await replayJournal(this.root);
      const out: RecoveryReport[] = [];
      const logs = await this.pendingLogs();
      for (const [n, log] of logs.entries()) {
        if (options.signal?.aborted) throw new PraxisError(ErrorCodes.CANCELLED, `Recovery was cancelled; ${logs.length - n} episode log(s) wait for the next run`, 'Run recover again; nothing was lost.');
        const what = `episode log ${n + 1}/${logs.length}`;
        options.onProgress?.(0, 1, what);
        out.push(await this.finalizeNow(log, null, { signal: options.signal, onRow: (row, rows) => options.onProgress?.(row, rows, what) }));
      }
      return out;
    });
  }

  /** Turn one episode log into the next dataset episode (what EpisodeRecording.save and recover call). */
  async finalizeLog(logPath: string, ready: Promise<LiveVideoResult | null> | null = null): Promise<RecoveryReport> {
    this.finalizing.add(logPath);
    try {
      return await this.serialize(async () => this.finalizeNow(logPath, await ready));
    } finally {
      this.finalizing.delete(logPath);
    }
  }

  private async finalizeNow(logPath: string, live: LiveVideoResult | null = null, progress?: ReplayProgress): Promise<RecoveryReport> {
    await this.lockForWriting();
    const { next, report } = await finalizeEpisodeLog(this.state, logPath, this.cameraSpecs(), (cam, spec) => this.videoEncoder(cam, spec), live, progress);
    this.state = next;
    return report;
  }

  private async videoEncoder(cam: string, spec: CameraSpec): Promise<VideoEncoder> {
    let encoder = this.encoders.get(cam);
    if (!encoder) {
      encoder = await detectVideoEncoder(this.preferredCodec, spec);
      this.encoders.set(cam, encoder);
    }
    return encoder;
  }

  // ---------------------------------------------------------------- reading

  /** All rows of episode `index` as typed columns (`observation.state`, `action`, `timestamp`, ...). */
  async readEpisode(index: number): Promise<EpisodeFrames> {
    const r = this.record(index);
    const path = join(this.root, dataFilePath(this.state.info, r.dataChunk, r.dataFile));
    // Episodes sit in a file in index order, so the episode is one row range; read just those row groups.
    const before = this.state.records.filter((o) => o.dataChunk === r.dataChunk && o.dataFile === r.dataFile && o.from < r.from).reduce((a, o) => a + o.length, 0);
    let rows = await readParquetRows(path, undefined, before, before + r.length);
    if (rows.length !== r.length || rows.some((row) => Number(row.episode_index) !== r.episodeIndex)) {
      rows = (await readParquetRows(path)).filter((row) => Number(row.episode_index) === r.episodeIndex); // a file written in another order
    }
    return rowsToFrames(this.state.info, index, rows);
  }

  /** Decoded RGB frames [from, from + count) of camera `camera` in episode `index` (replay, thumbnails). */
  async readCameraFrames(index: number, camera: string, from: number, count: number): Promise<RgbFrame[]> {
    const r = this.record(index);
    const key = IMAGE_KEY_PREFIX + camera;
    const segment = r.videos[key];
    if (!segment) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Episode ${index} has no camera "${camera}"`, `Cameras: ${this.cameraNames().join(', ') || 'none'}.`);
    const first = Math.max(0, Math.min(from, r.length));
    const n = Math.max(0, Math.min(count, r.length - first));
    if (n === 0) return [];
    const [height, width] = this.state.info.features[key].shape;
    const path = join(this.root, videoFilePath(this.state.info, key, segment.chunk, segment.file));
    const frames = await decodeVideoFrames(path, segment.fromTimestamp + first / this.fps, n, width, height);
    return frames.map((data) => ({ width, height, data }));
  }

  /** Dataset statistics as in meta/stats.json (what the trainer normalises with). */
  normalisationStats(): DatasetStats {
    return this.state.records.length ? aggregateStats(this.state.records.map((r) => r.stats)) : {};
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
    await this.serialize(async () => {
      this.record(index);
      await this.lockForWriting();
      const studio = studioNotes(this.state);
      studio[index] = { ...studio[index], ...patch };
      const tx = new FileTransaction(this.root);
      await writeStudioEpisodes(tx, studio);
      await tx.commit();
      this.state = { ...this.state, studio };
    });
  }

  /** Keep frames [from, to) of an episode, restamped from 0. Video segments are re-pointed, not re-encoded. */
  async trim(index: number, from: number, to: number): Promise<void> {
    await this.serialize(async () => {
      const r = this.record(index);
      if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to <= r.length && to - from >= 1)) {
        throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Cannot trim episode ${index} (${r.length} frames) to [${from}, ${to})`, 'Pick 0 ≤ from < to ≤ length.');
      }
      await this.lockForWriting();
      this.state = await rewriteEpisodes(this.state, index, trimEdit(index, from, to, this.fps));
    });
  }

  /** Remove an episode; later episodes shift down and `index`/`episode_index` are renumbered in every file. */
  async deleteEpisode(index: number): Promise<void> {
    await this.serialize(async () => {
      this.record(index);
      await this.lockForWriting();
      this.state = await rewriteEpisodes(this.state, index, (i, rows, record) => (i === index ? null : { rows, record }));
    });
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
