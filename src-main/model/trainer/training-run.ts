// One training run, start to finish, in the current thread (the worker wraps it): data → windows → the
// JEPA step graph in onnxruntime → periodic validation through the exported runtime → checkpoints and the
// exported model. Deterministic: windows, SIGReg directions and dropout masks derive from (seed, step), so a
// resumed run continues exactly as the uninterrupted one would have.
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCodes, PraxisError, toErrorData } from '../../api';
import { adamw, buildTrainStep, type Trainer, warmupCosine } from '../engine';
import type { JepaConfig, TrainConfig } from '../jepa/config';
import { type ExportBatch, exportInferenceModels } from '../jepa/export';
import { buildTrainGraph, IO, LATENT_SPACE_PREFIXES } from '../jepa/jepa-graph';
import { unitColumns } from '../jepa/sigreg-reference';
import { MODEL_CARD_FILE } from '../runtime/model-card';
import { WorldModel } from '../runtime/world-model';
import { linearDynamicsCrossFit, linearDynamicsFit } from './baselines';
import { dataSizeWarnings } from './data-fit';
import { runConfigResolve } from './run-config';
import { modelCardBuild } from './card-build';
import { loadDataset } from './dataset-loader';
import { type EvalData, type EvalReport, evalDataPrepare, evalScore, evaluate, windowsThin } from './evaluation';
import type { FinishReason, TrainingEvent, TrainingVerdict } from './events';
import { trainingVerdict } from './run-verdict';
import { BEST_CHECKPOINT, CHECKPOINT_DIR, checkpointList, LAST_CHECKPOINT, modelCardRead, modelDirWrite, type NamedWeights, stepCheckpointName, weightsRead } from './model-files';
import type { Normaliser } from './normaliser';
import { probeRefit } from './probe-refit';
import { finiteWeights, normaliseSet, RUN_STATE_FORMAT, type RunState, trainerStartFrom } from './run-state';
import { RunSwitch } from './run-switch';
import { normalSource, seedMix } from './seeded-random';
import type { TrajectorySet } from './trajectories';
import { batchCreate, batchFill, drawWindows, splitEpisodes, type WindowSpec, windowsOf, windowsRequire } from './windows';

export interface InMemoryData {
  set: TrajectorySet;
  normaliser: Normaliser;
  /** Episode indices of successful demonstrations (goal ranking). */
  successful: number[];
  source: string;
}

export interface TrainingRequest {
  /** A LeRobot v3 dataset directory… */
  dataset?: string;
  /** …or trajectories already in memory (tests, synthetic data). */
  data?: InMemoryData;
  /** The run directory: the exported model, and checkpoints/ beneath it. */
  out: string;
  preset?: string;
  /** Training settings over the preset's (e.g. steps). */
  train?: Partial<TrainConfig>;
  /** Model settings over the preset's, for a new model (ignored when fine-tuning or resuming). */
  model?: Partial<Omit<JepaConfig, 'obsDim' | 'actDim'>>;
  /** A model directory to fine-tune: its architecture, normaliser and weights are the start. */
  init?: string;
  /** Continue from out/checkpoints/last.safetensors. */
  resume?: boolean;
  name?: string;
  description?: string;
  obsFeatures?: string[];
  threads?: number;
  exportBatch?: ExportBatch;
  /** Consecutive non-finite steps before the run stops. Default 3. */
  maxBadSteps?: number;
  /** Least time between progress events. Default 250 ms. */
  progressEveryMs?: number;
  /** Test hook: feed NaN observations from this step on (to exercise the NaN guard). */
  poisonFromStep?: number;
}

export const DEFAULT_EXPORT_BATCH: ExportBatch = { encoder: 256, predictor: 256, probe: 256 };

export class TrainingRun {
  readonly control = new RunSwitch();
  private readonly started = performance.now();

  constructor(
    readonly request: TrainingRequest,
    private readonly emit: (e: TrainingEvent) => void,
  ) {}

  private finish(reason: FinishReason, step: number, modelDir: string | null, report: EvalReport | null, error?: unknown, verdict?: TrainingVerdict): TrainingEvent {
    const e: TrainingEvent = { type: 'finished', reason, step, modelDir, report, seconds: (performance.now() - this.started) / 1000, ...(error ? { error: toErrorData(error) } : {}), ...(verdict ? { verdict } : {}) };
    this.emit(e);
    return e;
  }

  /** Run to the end; never throws: every failure becomes a 'finished' event with reason 'failed' and a coded error. */
  async run(): Promise<TrainingEvent> {
    let trainer: Trainer | null = null;
    let step = 0;
    try {
      return await this.runInner((t) => {
        trainer = t;
      }, (s) => {
        step = s;
      });
    } catch (e) {
      return this.finish(this.control.cancelled ? 'cancelled' : 'failed', step, null, null, e);
    } finally {
      await (trainer as Trainer | null)?.dispose();
    }
  }

  private async runInner(keepTrainer: (t: Trainer) => void, keepStep: (s: number) => void): Promise<TrainingEvent> {
    const r = this.request;
    const out = r.out;
    const ckptDir = join(out, CHECKPOINT_DIR);
    await mkdir(ckptDir, { recursive: true });

    // ---- data -------------------------------------------------------------------------------------------
    const loaded = r.data ?? (r.dataset ? await loadDataset(r.dataset, { obsFeatures: r.obsFeatures }).then((d) => ({ set: d.set, normaliser: d.normaliser, successful: d.successful, source: d.root })) : null);
    if (!loaded) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'No training data given', 'Pass --dataset with a LeRobot v3 dataset directory.');
    if (loaded.set.trajectories.length === 0) throw new PraxisError(ErrorCodes.DATASET_INCOMPATIBLE, `${loaded.source} has no episodes`, 'Record some episodes first (praxis record).');

    // ---- configuration: preset, or the model being fine-tuned, or the checkpoint being resumed ----------
    const { preset, cfg, normaliser, initWeights, train, resumeState, lastPath, set: raw, warnings } = await runConfigResolve(r, loaded, ckptDir);

    // ---- windows, split, baselines ---------------------------------------------------------------------
    const norm = normaliseSet(raw, normaliser);
    const split = resumeState?.split ?? splitEpisodes(raw.trajectories.length, train.valFraction, train.seed);
    const trainSpec: WindowSpec = { history: cfg.history, horizon: 1, frameskip: cfg.frameskip };
    const trainRefs = windowsOf(norm, split.train, trainSpec);
    windowsRequire(trainRefs, trainSpec, 'training');
    if (!resumeState) warnings.push(...dataSizeWarnings({ trainWindows: trainRefs.length, trainEpisodes: split.train.length, validationEpisodes: split.val.length, steps: train.steps, batch: train.batch }));
    const kMax = Math.max(...train.evalK);
    const evalSpec: WindowSpec = { history: cfg.history, horizon: kMax, frameskip: cfg.frameskip };
    let evalSplit: EvalData['split'] = 'validation';
    let evalRefs = windowsOf(norm, split.val, evalSpec, cfg.frameskip);
    if (evalRefs.length === 0) {
      evalSplit = 'training';
      evalRefs = windowsOf(norm, split.train, evalSpec, cfg.frameskip);
    }
    windowsRequire(evalRefs, evalSpec, 'evaluation');
    // Validating on training episodes (too few to hold one out): the linear baseline is cross-fitted so it
    // is scored out of sample all the same.
    const lin = evalSplit === 'validation' ? linearDynamicsFit(norm, split.train, cfg.frameskip) : linearDynamicsCrossFit(norm, split.train, cfg.frameskip);
    const evalPool = evalSplit === 'validation' ? split.val : split.train;
    const successful = new Set(loaded.successful);
    const goalEpisodes = evalPool.map((i) => raw.trajectories[i]).filter((t) => successful.has(t.episode));
    const evalData = evalDataPrepare(raw, norm, windowsThin(evalRefs, train.evalWindows), evalSpec, train.evalK, lin, normaliser, evalSplit, goalEpisodes);

    // ---- the step graph ---------------------------------------------------------------------------------
    const B = train.batch;
    const M = train.sigregDirections;
    const tg = buildTrainGraph(cfg, { batch: B, sigregWeight: train.sigregWeight, sigregDirections: M, seed: train.seed, dynamicsOnly: train.dynamicsOnly });
    const trainer = await buildTrainStep(tg.g, { optimizer: adamw({ weightDecay: train.weightDecay }), clipNorm: train.gradClip, seed: train.seed, threads: r.threads ?? 2, freeze: train.dynamicsOnly ? LATENT_SPACE_PREFIXES : undefined });
    keepTrainer(trainer);
    let best = resumeState?.best ?? null;
    let stale = resumeState?.stale ?? 0;
    let baseScore = resumeState?.baseScore ?? null;
    let bestTriedScore = resumeState?.bestTriedScore ?? null;
    const initFrom = resumeState?.initFrom ?? r.init ?? null;
    const dataNames = { obsNames: raw.obsNames, actNames: raw.actNames, jointDims: raw.jointDims, fps: raw.fps, obsFeatures: raw.obsFeatures, obsUnits: raw.obsUnits, actUnits: raw.actUnits, jointUnit: raw.jointUnit };
    const runState = (): RunState => ({ format: RUN_STATE_FORMAT, model: cfg, train, normaliser, split, best, stale, initFrom, baseScore, bestTriedScore, data: dataNames });

    if (resumeState) {
      await trainer.loadCheckpoint(lastPath);
    } else if (initWeights) {
      await trainerStartFrom(trainer, initWeights, join(ckptDir, 'init.tmp.safetensors'), r.init ?? '');
    }
    const parameters = trainer.slots.reduce((a, s) => a + s.size, 0);
    this.emit({
      type: 'started',
      outDir: out,
      config: cfg,
      train,
      parameters,
      episodes: { train: split.train.length, validation: split.val.length },
      trainWindows: trainRefs.length,
      frames: raw.trajectories.reduce((a, t) => a + t.length, 0),
      resumedFrom: resumeState ? trainer.stepsDone : null,
      initFrom,
      warnings,
    });

    // ---- helpers: export, evaluate, checkpoint -----------------------------------------------------------
    const exportBatch = r.exportBatch ?? DEFAULT_EXPORT_BATCH;
    const weights = (): Record<string, Float32Array> => ({ ...(trainer.getParams() as Record<string, Float32Array>), ...(trainer.getBuffers() as Record<string, Float32Array>) });
    const cardFor = (metrics: EvalReport | null) =>
      modelCardBuild({
        name: r.name ?? `${preset.name}${r.init ? '-finetuned' : ''}`,
        description: r.description ?? preset.description,
        config: cfg,
        train,
        stepsDone: trainer.stepsDone,
        normaliser,
        set: raw,
        data: { source: loaded.source, episodes: raw.trajectories.length, frames: raw.trajectories.reduce((a, t) => a + t.length, 0), trainEpisodes: split.train.length, validationEpisodes: split.val.length, successfulEpisodes: loaded.successful.length },
        metrics,
        params: trainer.getParams(),
        exportBatch,
        initFrom,
        trainingSeconds: (performance.now() - this.started) / 1000,
      });
    const evaluateNow = async (w = weights()): Promise<{ report: EvalReport; w: Record<string, Float32Array> }> => {
      const models = exportInferenceModels(cfg, w, exportBatch);
      const wm = await WorldModel.open(cardFor(null), models, { threads: r.threads ?? 2 });
      try {
        return { report: await evaluate(wm, evalData, trainer.stepsDone), w };
      } finally {
        await wm.dispose();
      }
    };
    // Whether out/ holds an exported model: a fine-tune exports only weights that beat its base model.
    let exported = resumeState ? existsSync(join(out, MODEL_CARD_FILE)) : false;
    const writeModel = async (report: EvalReport, w: Record<string, Float32Array>) => {
      exported = true;
      const named: NamedWeights = {};
      const shapes = new Map([...tg.g.params.map((p) => [p.tensor.name, p.tensor.shape] as const), ...tg.g.buffers.map((b) => [b.tensor.name, b.tensor.shape] as const)]);
      for (const [n, v] of Object.entries(w)) named[n] = { shape: shapes.get(n) ?? [v.length], data: v };
      await modelDirWrite(out, cardFor(report), exportInferenceModels(cfg, w, exportBatch), named);
    };
    const checkpoint = async (kind: 'last' | 'best' | 'step') => {
      const path = join(ckptDir, kind === 'last' ? LAST_CHECKPOINT : kind === 'best' ? BEST_CHECKPOINT : stepCheckpointName(trainer.stepsDone));
      // The NaN guard's second half: a checkpoint is only written from finite weights, so the last good
      // one is never replaced by a broken one.
      if (!finiteWeights(trainer.getParams())) throw new PraxisError(ErrorCodes.NON_FINITE_LOSS, `the weights at step ${trainer.stepsDone} are not finite; no checkpoint was written`, 'Resume from the last checkpoint with a lower learning rate.');
      await trainer.saveCheckpoint(path, runState());
      this.emit({ type: 'checkpoint', step: trainer.stepsDone, path, kind });
      if (kind === 'step') {
        const snaps = (await checkpointList(out)).filter((c) => c.kind === 'step');
        for (const old of snaps.slice(3)) await rm(old.path, { force: true });
      }
    };
    let bestReport: EvalReport | null = null;
    /** `base`: the model being fine-tuned, scored before any step; it sets the bar and is never exported as this run's model. */
    const evalAndMaybeSave = async (base = false): Promise<boolean> => {
      const { report, w } = await evaluateNow();
      const score = evalScore(report);
      if (!Number.isFinite(score)) throw new PraxisError(ErrorCodes.NON_FINITE_LOSS, `validation at step ${trainer.stepsDone} is not finite`, 'Resume from the last checkpoint with a lower learning rate.');
      if (base) baseScore = score;
      else bestTriedScore = Math.min(bestTriedScore ?? score, score);
      const improved = !best || score < best.score;
      if (improved) {
        best = { score, step: trainer.stepsDone };
        bestReport = report;
        stale = 0;
      } else stale++;
      this.emit({ type: 'evaluation', report, score, best: improved });
      if (improved && !base) {
        await writeModel(report, w);
        await checkpoint('best');
      }
      await checkpoint('last');
      await checkpoint('step');
      return improved;
    };

    const verdictNow = (reason: FinishReason) => trainingVerdict({ reason, initFrom, baseScore, bestTriedScore, exported: exported ? bestReport : null, unit: raw.jointUnit ?? 'rad' });

    // ---- the loop ---------------------------------------------------------------------------------------
    const batch = batchCreate(B, trainSpec, cfg.obsDim, cfg.actDim);
    const dirs = new Float32Array(cfg.latentDim * M);
    const maxBad = r.maxBadSteps ?? 3;
    const progressEvery = r.progressEveryMs ?? 250;
    let bad = 0;
    let skipped = 0;
    let lastProgress = 0;
    let rateStart = performance.now();
    let rateSteps = 0;
    let reason: FinishReason = 'completed';
    let lastEvalStep = resumeState ? trainer.stepsDone : -1;
    if (initWeights && !resumeState) {
      // Score the base model first: fine-tuning then exports only what beats it on the user's own episodes.
      await evalAndMaybeSave(true);
      lastEvalStep = 0;
    }
    while (trainer.stepsDone < train.steps) {
      if (this.control.paused) {
        this.emit({ type: 'paused', step: trainer.stepsDone });
        await this.control.waitWhilePaused();
        if (!this.control.cancelled) this.emit({ type: 'resumed', step: trainer.stepsDone });
        rateStart = performance.now();
        rateSteps = 0;
      }
      if (this.control.cancelled) {
        reason = 'cancelled';
        break;
      }
      const t = trainer.stepsDone + 1;
      batchFill(norm, drawWindows(trainRefs, B, train.seed, t), trainSpec, batch);
      if (r.poisonFromStep !== undefined && t >= r.poisonFromStep) batch.obs.fill(Number.NaN);
      const n = normalSource(seedMix(train.seed, `sigreg:${t}`));
      for (let i = 0; i < dirs.length; i++) dirs[i] = n();
      unitColumns(dirs, cfg.latentDim, M);
      const lr = warmupCosine({ peak: train.lr, warmupSteps: train.warmupSteps, totalSteps: train.steps, finalFraction: train.finalLrFraction }, t);
      const res = await trainer.step({ [IO.obs]: batch.obs, [IO.actions]: batch.act, [IO.directions]: dirs }, lr);
      if (!res.applied) {
        bad++;
        skipped++;
        if (bad >= maxBad) {
          throw new PraxisError(
            ErrorCodes.NON_FINITE_LOSS,
            `training stopped at step ${t}: the loss or its gradient was not finite for ${bad} steps in a row (loss ${res.loss}); the last good checkpoint is kept`,
            'Check the dataset for bad values, lower the learning rate, then resume with --resume.',
            { step: t, lastGoodStep: trainer.stepsDone },
          );
        }
        continue;
      }
      bad = 0;
      keepStep(trainer.stepsDone);
      rateSteps++;
      const now = performance.now();
      if (now - lastProgress >= progressEvery || trainer.stepsDone === train.steps) {
        const secs = (now - rateStart) / 1000;
        const stepsPerSec = secs > 0 ? rateSteps / secs : 0;
        this.emit({
          type: 'progress',
          step: trainer.stepsDone,
          totalSteps: train.steps,
          loss: res.loss,
          terms: res.terms,
          gradNorm: res.gradNorm,
          lr,
          samplesPerSecond: stepsPerSec * B,
          etaSeconds: stepsPerSec > 0 ? (train.steps - trainer.stepsDone) / stepsPerSec : Number.POSITIVE_INFINITY,
          skippedSteps: skipped,
        });
        lastProgress = now;
      }
      if (trainer.stepsDone % train.evalEvery === 0) {
        await evalAndMaybeSave();
        lastEvalStep = trainer.stepsDone;
        if (train.patience > 0 && stale >= train.patience) {
          reason = 'early-stop';
          break;
        }
      }
    }
    if (reason === 'cancelled') {
      if (trainer.stepsDone > 0) await checkpoint('last');
      return this.finish('cancelled', trainer.stepsDone, exported ? out : null, exported ? bestReport : null, undefined, verdictNow('cancelled'));
    }
    if (lastEvalStep !== trainer.stepsDone) await evalAndMaybeSave();
    // ---- the probe refit on the exported model ----------------------------------------------------------
    // Training the dynamics only keeps the probe the base model fitted on its own, larger data.
    if (exported && !train.dynamicsOnly && (train.probeSteps ?? 0) > 0) {
      const exported = await weightsRead(out);
      const shipped = await WorldModel.open(cardFor(null), exportInferenceModels(cfg, exported, exportBatch), { threads: r.threads ?? 2 });
      const probe = await probeRefit({
        cfg,
        train,
        weights: exported,
        wm: shipped,
        raw,
        norm,
        refs: trainRefs,
        spec: trainSpec,
        threads: r.threads,
        tmpFile: join(ckptDir, 'probe.tmp.safetensors'),
        cancelled: () => this.control.cancelled,
        onStep: (step, totalSteps, probeLoss) => {
          const now = performance.now();
          if (now - lastProgress < progressEvery && step !== totalSteps) return;
          lastProgress = now;
          this.emit({ type: 'probe-refit', step, totalSteps, probeLoss });
        },
      }).finally(() => shipped.dispose());
      if (probe) {
        const { report, w } = await evaluateNow({ ...exported, ...probe });
        const score = evalScore(report);
        const before = bestReport ?? ((await modelCardRead(out)).metrics as EvalReport | null);
        // Only the probe changed: keep it when it measures the same model at least as well.
        if (Number.isFinite(score) && (!before || score <= evalScore(before))) {
          await writeModel(report, w);
          bestReport = report;
          this.emit({ type: 'evaluation', report, score, best: true });
        }
      }
    }
    if (!bestReport && exported) {
      // Resumed past the best step: describe the exported model from its card.
      bestReport = ((await modelCardRead(out)).metrics as EvalReport | null) ?? null;
    }
    return this.finish(reason, trainer.stepsDone, exported ? out : null, exported ? bestReport : null, undefined, verdictNow(reason));
  }
}
