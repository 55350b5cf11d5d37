import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import {
  ErrorCodes,
  type EvaluationSummary,
  type ModelListing,
  PraxisError,
  type Prediction,
  type TrainCurve,
  type TrainStart,
  type TrainStatus,
  toErrorData,
} from '../api';
import {
  type EvalReport,
  exportCheckpoint,
  MODEL_CARD_FILE,
  type ModelCard,
  modelCardRead,
  modelJointUnit,
  PRESETS,
  presetNames,
  type TrainConfig,
  type TrainingEvent,
  TrainingJob,
  WorldModel,
} from '../model';
import { LatestValueCursor } from './cursors';
import type { DatasetService } from './dataset-service';

/** Curve points kept; older history is thinned by half whenever this is reached. */
const CURVE_POINTS = 2000;
/** Status pushes per second while training. */
const STATUS_HZ = 4;

/**
 * Fine-tuning from the UI: one training job at a time (in a worker thread), its status and curves for
 * the Train panel, the models on this machine, and prediction previews for the 3D ghost.
 */
export class TrainService {
  private job: TrainingJob | null = null;
  private status: TrainStatus = idleStatus();
  private curve: TrainCurve = { step: [], loss: [], terms: {} };
  private readonly cursors = new Set<LatestValueCursor<TrainStatus>>();
  private publishTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly models = new Map<string, Promise<WorldModel>>();

  constructor(
    /** Where runs are written (one folder per run). */
    readonly root: string,
    /** Models shipped with the studio (read-only). */
    private readonly shippedRoot: string | null,
    private readonly datasets: DatasetService,
  ) {}

  presets(): { name: string; description: string; steps: number }[] {
    return presetNames().map((name) => ({ name, description: PRESETS[name].description, steps: PRESETS[name].train.steps }));
  }

  async start(request: TrainStart): Promise<TrainStatus> {
    if (this.job && this.status.status !== 'finished') {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `A training run (${this.status.name}) is already ${this.status.status}.`, 'Cancel it, or wait for it to finish.');
    }
    if (!PRESETS[request.preset]) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `No preset "${request.preset}".`, `Presets: ${presetNames().join(', ')}.`);
    }
    if (!isAbsolute(request.dataset)) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'Pick the dataset from the list.', 'Dataset paths must be absolute.');
    const out = join(this.root, request.name);
    if (existsSync(join(out, 'checkpoints')) && !request.resume) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `A run named "${request.name}" exists already.`, 'Pick another name, or resume that run.');
    }
    const train: Partial<TrainConfig> = {};
    if (request.trainEncoder) {
      if (!request.initFrom) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, '"Train the encoder too" applies to a fine-tune.', 'Pick a model to fine-tune from, or untick it: a run from scratch trains everything.');
      train.dynamicsOnly = false;
    }
    if (request.steps !== undefined) train.steps = request.steps;
    if (request.lr !== undefined) train.lr = request.lr;
    if (request.batch !== undefined) train.batch = request.batch;
    if (request.seed !== undefined) train.seed = request.seed;
    this.curve = { step: [], loss: [], terms: {} };
    this.status = { ...idleStatus(), status: 'starting', name: request.name, runDir: out, preset: request.preset };
    const job = await TrainingJob.start({
      dataset: request.dataset,
      out,
      preset: request.preset,
      train,
      init: request.initFrom,
      resume: request.resume,
      name: request.name,
    });
    this.job = job;
    job.on((e) => this.onEvent(job, e));
    this.publish(true);
    return this.status;
  }

  pause(): void {
    this.requireJob().pause();
  }

  resume(): void {
    this.requireJob().resume();
  }

  cancel(): void {
    this.requireJob().cancel();
  }

  getStatus(): TrainStatus {
    return this.status;
  }

  getCurve(): TrainCurve {
    return this.curve;
  }

  openStream(): LatestValueCursor<TrainStatus> {
    const c: LatestValueCursor<TrainStatus> = new LatestValueCursor(this.status, () => this.cursors.delete(c));
    this.cursors.add(c);
    return c;
  }

  async list(): Promise<ModelListing[]> {
    const out: ModelListing[] = [];
    for (const [root, shipped] of [
      [this.shippedRoot, true],
      [this.root, false],
    ] as const) {
      if (!root) continue;
      let names: string[];
      try {
        names = (await readdir(root)).sort();
      } catch {
        continue;
      }
      for (const name of names) {
        const dir = join(root, name);
        if (!existsSync(join(dir, MODEL_CARD_FILE))) continue;
        try {
          const card = await modelCardRead(dir);
          out.push({ dir, name: card.name || name, description: card.description ?? '', shipped, latentDim: card.dims.latentDim, parameters: parametersOf(card) });
        } catch {
          // A folder with a broken card is skipped here; loading it directly reports the coded error.
        }
      }
    }
    return out;
  }

  /** Write a checkpoint as a loadable model folder under the models folder. Returns its path. */
  async exportCheckpoint(checkpoint: string, name: string): Promise<string> {
    if (!isAbsolute(checkpoint)) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'Pick the checkpoint from the list.', 'Checkpoint paths must be absolute.');
    const out = join(this.root, name);
    if (existsSync(join(out, MODEL_CARD_FILE))) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `A model named "${name}" exists already.`, 'Export under another name.');
    }
    await exportCheckpoint(checkpoint, out, { name });
    return out;
  }

  /** Roll the model k blocks ahead from `frame` with the recorded actions, decoded beside what was recorded. */
  async preview(modelDir: string, datasetPath: string, episode: number, frame: number, k: number): Promise<Prediction> {
    const model = await this.model(modelDir);
    const card = model.card;
    const data = await this.datasets.episode(datasetPath, episode);
    const columns = card.obsNames.map((n) => data.stateNames.indexOf(n));
    const missing = card.obsNames.filter((_, i) => columns[i] < 0);
    if (missing.length || data.actionNames.length !== card.dims.actDim) {
      throw new PraxisError(
        ErrorCodes.MODEL_INCOMPATIBLE,
        missing.length
          ? `${card.name} reads ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? '…' : ''}, which this dataset does not record.`
          : `${card.name} takes ${card.dims.actDim} actions; this dataset has ${data.actionNames.length}.`,
        'Preview with a model trained on this robot (or train one on this dataset).',
      );
    }
    const fs = card.dims.frameskip;
    const before = (card.dims.history - 1) * fs;
    const frames = data.timestamps.length;
    if (frame < before || frame + k * fs >= frames) {
      throw new PraxisError(
        ErrorCodes.INVALID_ARGUMENT,
        `A ${k}-step preview needs frames ${before}…${frames - 1 - k * fs} of this episode; frame ${frame} is outside.`,
        'Move the timeline cursor further in, or ask for fewer steps.',
      );
    }
    const from = frame - before;
    const length = before + k * fs + 1;
    const sw = data.stateNames.length;
    const aw = data.actionNames.length;
    const observation = new Float32Array(length * card.dims.obsDim);
    const action = new Float32Array(length * aw);
    for (let i = 0; i < length; i++) {
      const f = from + i;
      columns.forEach((c, d) => {
        observation[i * card.dims.obsDim + d] = data.state[f * sw + c];
      });
      for (let a = 0; a < aw; a++) action[i * aw + a] = data.action[f * aw + a];
    }
    const p = await model.predict({ length, observation, action }, k, { stride: length });
    const joints = card.jointDims;
    const pick = (arr: Float32Array) => {
      const out: number[] = [];
      for (let j = 0; j < k; j++) for (const d of joints) out.push(arr[j * card.dims.obsDim + d]);
      return out;
    };
    return {
      startFrame: frame,
      frameskip: fs,
      jointNames: joints.map((d) => card.obsNames[d]),
      predicted: pick(p.predicted),
      actual: pick(p.actual),
      jointError: p.jointError,
      unit: modelJointUnit(card),
    };
  }

  async shutdown(): Promise<void> {
    if (this.job && this.status.status !== 'finished') {
      this.job.cancel();
      await Promise.race([this.job.done, new Promise((r) => setTimeout(r, 5000))]);
    }
    for (const m of this.models.values()) await (await m.catch(() => null))?.dispose();
    this.models.clear();
  }

  private model(dir: string): Promise<WorldModel> {
    const key = resolve(dir);
    let m = this.models.get(key);
    if (!m) {
      m = WorldModel.load(key);
      m.catch(() => this.models.delete(key));
      this.models.set(key, m);
    }
    return m;
  }

  private requireJob(): TrainingJob {
    if (!this.job || this.status.status === 'finished') {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'No training run is active.', 'Start one from the Train panel.');
    }
    return this.job;
  }

  private onEvent(job: TrainingJob, e: TrainingEvent): void {
    if (job !== this.job) return;
    const s = this.status;
    switch (e.type) {
      case 'started':
        this.status = {
          ...s,
          status: 'running',
          fineTune: e.initFrom ? { from: e.initFrom, dynamicsOnly: e.train.dynamicsOnly ?? false } : null,
          parameters: e.parameters,
          episodes: e.episodes,
          totalSteps: e.train.steps,
          step: e.resumedFrom ?? 0,
          warnings: e.warnings,
        };
        break;
      case 'progress':
        this.status = {
          ...s,
          step: e.step,
          totalSteps: e.totalSteps,
          loss: e.loss,
          terms: e.terms,
          samplesPerSecond: e.samplesPerSecond,
          etaSeconds: e.etaSeconds,
          lr: e.lr,
          skippedSteps: e.skippedSteps,
        };
        this.addCurvePoint(e.step, e.loss, e.terms);
        break;
      case 'probe-refit':
        this.status = { ...s, probeRefit: e.step < e.totalSteps ? { step: e.step, total: e.totalSteps } : null };
        break;
      case 'evaluation':
        this.status = { ...s, evaluations: [...s.evaluations, summarize(e.report, e.best)] };
        break;
      case 'checkpoint':
        void job.checkpoints().then((list) => {
          if (job !== this.job) return;
          this.status = { ...this.status, checkpoints: list.map((c) => ({ step: c.step, kind: c.kind, path: c.path })) };
          this.publish(true);
        });
        break;
      case 'paused':
        this.status = { ...s, status: 'paused' };
        break;
      case 'resumed':
        this.status = { ...s, status: 'running' };
        break;
      case 'finished': {
        const error = e.error ? (({ code, message, hint }) => ({ code, message, hint }))(toErrorData(PraxisError.fromData(e.error))) : null;
        this.status = { ...s, status: 'finished', step: e.step, probeRefit: null, finished: { reason: e.reason, modelDir: e.modelDir, error, verdict: e.verdict ? { ok: e.verdict.ok, kind: e.verdict.kind, message: e.verdict.message } : null } };
        void job.checkpoints().then((list) => {
          this.status = { ...this.status, checkpoints: list.map((c) => ({ step: c.step, kind: c.kind, path: c.path })) };
          this.publish(true);
        });
        break;
      }
    }
    this.publish(e.type !== 'progress' && e.type !== 'probe-refit');
  }

  private addCurvePoint(step: number, loss: number, terms: Record<string, number>): void {
    const c = this.curve;
    c.step.push(step);
    c.loss.push(loss);
    for (const [k, v] of Object.entries(terms)) {
      c.terms[k] ??= new Array(c.step.length - 1).fill(Number.NaN);
      c.terms[k].push(v);
    }
    if (c.step.length >= CURVE_POINTS) {
      const thin = <T>(a: T[]) => a.filter((_, i) => i % 2 === 0);
      this.curve = { step: thin(c.step), loss: thin(c.loss), terms: Object.fromEntries(Object.entries(c.terms).map(([k, v]) => [k, thin(v)])) };
    }
  }

  /** Push status to clients: at once for milestones, at most STATUS_HZ for progress. */
  private publish(now = false): void {
    const send = () => {
      this.publishTimer = null;
      for (const c of this.cursors) c.offer(this.status);
    };
    if (now) {
      if (this.publishTimer) clearTimeout(this.publishTimer);
      send();
    } else {
      this.publishTimer ??= setTimeout(send, 1000 / STATUS_HZ);
    }
  }
}

function idleStatus(): TrainStatus {
  return {
    status: 'idle',
    name: null,
    runDir: null,
    preset: null,
    fineTune: null,
    parameters: 0,
    episodes: { train: 0, validation: 0 },
    step: 0,
    totalSteps: 0,
    loss: null,
    terms: {},
    samplesPerSecond: 0,
    etaSeconds: 0,
    lr: 0,
    skippedSteps: 0,
    probeRefit: null,
    evaluations: [],
    checkpoints: [],
    warnings: [],
    finished: null,
  };
}

function summarize(r: EvalReport, best: boolean): EvaluationSummary {
  return {
    step: r.step,
    best,
    k: r.k,
    unit: r.unit ?? 'rad',
    model: r.model,
    noChange: r.noChange,
    linear: r.linear,
    latentMse: r.latentMse,
    probeError: r.probeError,
    dim: r.collapse.dim,
    effectiveRank: r.collapse.effectiveRank,
    minStd: r.collapse.minStd,
    std: r.collapse.std,
    sigreg: r.collapse.sigreg,
    straightness: r.collapse.straightness,
    goalRankCorrelation: r.goal?.mean ?? null,
  };
}

function parametersOf(card: ModelCard): number | null {
  const sizes = card.sizes as { parameters?: number } | undefined;
  return typeof sizes?.parameters === 'number' ? sizes.parameters : null;
}
