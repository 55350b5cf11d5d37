// The training service the Train panel and the CLI use: start a run in a worker thread, follow its events,
// pause / resume / cancel it, list its checkpoints and read its latest diagnostics. One job is one run.
import { existsSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ErrorCodes, PraxisError, type PraxisErrorData } from '../../api';
import { type EpisodeFramesRaw, type PredictionPreview, WorldModel } from '../runtime/world-model';
import type { EvalReport } from './evaluation';
import type { TrainingEvent, TrainingFinished, TrainingProgress, TrainingStarted } from './events';
import { type CheckpointInfo, checkpointList } from './model-files';
import type { TrainingRequest } from './training-run';
import { TrainingRun } from './training-run';
import type { WorkerCommand, WorkerMessage } from './training-worker';

export type JobStatus = 'starting' | 'running' | 'paused' | 'finished';

export interface TrainingJobSnapshot {
  status: JobStatus;
  started: TrainingStarted | null;
  progress: TrainingProgress | null;
  /** Every validation pass so far, oldest first (loss curves, k-step error against the baselines). */
  evaluations: { report: EvalReport; score: number; best: boolean }[];
  finished: TrainingFinished | null;
}

export interface TrainingJobOptions {
  /** Run in this thread instead of a worker (tests, or hosts without worker support). */
  inline?: boolean;
  /** Append every non-progress event (and every 20th progress event) to out/training-log.jsonl. Default true. */
  log?: boolean;
}

export const TRAINING_LOG = 'training-log.jsonl';

function workerSpawn(workerData: TrainingRequest): Worker {
  const here = dirname(fileURLToPath(import.meta.url));
  const ts = join(here, 'training-worker.ts');
  if (fileURLToPath(import.meta.url).endsWith('.ts') && existsSync(ts)) {
    // From source (dev, tests, the CLI under tsx) the worker is TypeScript: a two-line bootstrap registers
    // tsx's loader inside the worker, then imports it (Node 20 does not honour --import in worker execArgv).
    const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
    const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(ts).href)}); });`;
    return new Worker(boot, { eval: true, workerData });
  }
  return new Worker(join(here, 'training-worker.js'), { workerData });
}

export class TrainingJob {
  private readonly listeners = new Set<(e: TrainingEvent) => void>();
  private readonly state: TrainingJobSnapshot = { status: 'starting', started: null, progress: null, evaluations: [], finished: null };
  private worker: Worker | null = null;
  private inlineRun: TrainingRun | null = null;
  private progressCount = 0;
  /** Resolves with the finished event (never rejects: failures are a 'failed' finish with a coded error). */
  readonly done: Promise<TrainingFinished>;
  private resolveDone!: (f: TrainingFinished) => void;

  private constructor(
    readonly request: TrainingRequest,
    private readonly options: TrainingJobOptions,
  ) {
    this.done = new Promise((r) => {
      this.resolveDone = r;
    });
  }

  /** Start a run. Bad requests still start: the job then finishes at once with reason 'failed' and the coded error. */
  static async start(request: TrainingRequest, options: TrainingJobOptions = {}): Promise<TrainingJob> {
    const job = new TrainingJob(request, options);
    if (options.log ?? true) await mkdir(request.out, { recursive: true });
    if (options.inline) {
      job.inlineRun = new TrainingRun(request, (e) => job.handle(e));
      void job.inlineRun.run();
    } else {
      const w = workerSpawn(request);
      job.worker = w;
      w.on('message', (m: WorkerMessage) => {
        if (m.type === 'event') job.handle(m.event);
        else job.crash(m.error);
      });
      w.on('error', (e) => job.crash({ code: ErrorCodes.INTERNAL, message: `the training worker crashed: ${e.message}`, hint: 'This is a bug in Praxis Studio; please report it with the console log.' }));
      w.on('exit', (code) => {
        if (!job.state.finished) job.crash({ code: ErrorCodes.INTERNAL, message: `the training worker exited (code ${code}) before finishing`, hint: 'Resume the run with --resume; if it happens again, report it.' });
      });
    }
    return job;
  }

  private crash(error: PraxisErrorData): void {
    if (this.state.finished) return;
    this.handle({ type: 'finished', reason: 'failed', step: this.state.progress?.step ?? 0, modelDir: null, report: null, error, seconds: 0 });
  }

  private handle(e: TrainingEvent): void {
    switch (e.type) {
      case 'started':
        this.state.started = e;
        this.state.status = 'running';
        break;
      case 'progress':
        this.state.progress = e;
        break;
      case 'evaluation':
        this.state.evaluations.push({ report: e.report, score: e.score, best: e.best });
        break;
      case 'paused':
        this.state.status = 'paused';
        break;
      case 'resumed':
        this.state.status = 'running';
        break;
      case 'finished':
        this.state.finished = e;
        this.state.status = 'finished';
        break;
    }
    if (this.options.log ?? true) {
      const keep = (e.type !== 'progress' && e.type !== 'probe-refit') || this.progressCount++ % 20 === 0;
      if (keep) void appendFile(join(this.request.out, TRAINING_LOG), `${JSON.stringify(e)}\n`).catch(() => undefined);
    }
    for (const l of this.listeners) l(e);
    if (e.type === 'finished') this.resolveDone(e);
  }

  /** Follow the events; returns an unsubscribe function. */
  on(listener: (e: TrainingEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): TrainingJobSnapshot {
    return structuredClone(this.state);
  }

  private command(c: WorkerCommand): void {
    if (this.state.finished) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'This training run has already finished', 'Start a new run, or resume it with resume: true.');
    if (this.worker) this.worker.postMessage(c);
    else if (this.inlineRun) {
      if (c.type === 'pause') this.inlineRun.control.pause();
      else if (c.type === 'resume') this.inlineRun.control.resume();
      else this.inlineRun.control.cancel();
    }
  }

  pause(): void {
    this.command({ type: 'pause' });
  }
  resume(): void {
    this.command({ type: 'resume' });
  }
  /** Stop after the current step; the last checkpoint is written, so the run can be resumed. */
  cancel(): void {
    this.command({ type: 'cancel' });
  }

  checkpoints(): Promise<CheckpointInfo[]> {
    return checkpointList(this.request.out);
  }

  private preview: { key: string; model: WorldModel } | null = null;

  /**
   * The prediction preview on the run's current best model: from an episode's frames (raw units), roll k
   * blocks ahead with the recorded actions and decode joint poses (see WorldModel.predict). MODEL_INCOMPATIBLE
   * until the first validation pass has exported a model.
   */
  async predict(frames: EpisodeFramesRaw, k: number): Promise<PredictionPreview> {
    const key = `${this.state.evaluations.filter((e) => e.best).length}`;
    if (this.preview?.key !== key) {
      await this.preview?.model.dispose();
      this.preview = { key, model: await WorldModel.load(this.request.out, { threads: 1 }) };
    }
    return this.preview.model.predict(frames, k);
  }

  /** Release the preview model (the worker ends by itself). */
  async dispose(): Promise<void> {
    await this.preview?.model.dispose();
    this.preview = null;
  }

  /** The latest validation report (collapse diagnostics, k-step errors beside the baselines), if any. */
  latestEvaluation(): EvalReport | null {
    return this.state.evaluations.at(-1)?.report ?? null;
  }
}
