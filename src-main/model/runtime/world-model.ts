// A trained world model ready for the planner and the Train panel: encode observations to latents, roll out
// candidate action sequences in latent space in batched calls, and decode latents back to observations
// through the probe. Inputs and outputs are in raw units (radians, metres); normalisation is done here.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCodes, PraxisError } from '../../api';
import { type ModelCard, MODEL_CARD_FILE, modelCardParse, ONNX_FILES } from './model-card';
import { destandardise, standardise } from './normalisation';
import { OnnxBatchModel, type OnnxModelOptions, onnxSessionOpen } from './onnx-model';

export const IO_NAMES = {
  encoder: { input: 'observation', output: 'latent' },
  predictor: { latents: 'latents', actions: 'actions', output: 'predicted' },
  probe: { input: 'latent', output: 'observation' },
} as const;

export interface ModelSources {
  encoder: string | Uint8Array;
  predictor: string | Uint8Array;
  probe?: string | Uint8Array;
}

/** An episode's frames in raw units, as the dataset stores them. */
export interface EpisodeFramesRaw {
  length: number;
  /** [length, obsDim] */
  observation: Float32Array;
  /** [length, actDim] */
  action: Float32Array;
}

export interface PredictionPreview {
  /** Steps ahead, in action blocks of `frameskip` frames. */
  k: number;
  frameskip: number;
  /** The last context frame of each rollout. */
  startFrames: number[];
  /** Whether predictions were decoded from the recorded current pose (see predict). */
  anchored: boolean;
  /** [starts, k, obsDim]: decoded predictions, raw units. Row j of a start is frame start + (j+1)·frameskip. */
  predicted: Float32Array;
  /** [starts, k, obsDim]: what was recorded at those frames. */
  actual: Float32Array;
  obsNames: string[];
  jointDims: number[];
  /** Mean absolute joint error per step ahead, raw units (radians). */
  jointError: number[];
}

export interface RolloutContext {
  /** Latents [c, Z] shared by every candidate (1 ≤ c ≤ history), or [N, c, Z] with perCandidate. */
  latents: Float32Array;
  /** The c − 1 raw action blocks between the context latents: [c − 1, blockDim], or [N, c − 1, blockDim]. */
  actions?: Float32Array;
  perCandidate?: boolean;
}

export class WorldModel {
  private constructor(
    readonly card: ModelCard,
    private readonly encoder: OnnxBatchModel,
    private readonly predictor: OnnxBatchModel,
    private readonly probe: OnnxBatchModel | null,
  ) {}

  /** Open a model directory: model-card.json, encoder.onnx, predictor.onnx and (if the card says so) probe.onnx. */
  static async load(dir: string, o: OnnxModelOptions = {}): Promise<WorldModel> {
    let text: string;
    try {
      text = await readFile(join(dir, MODEL_CARD_FILE), 'utf8');
    } catch {
      throw new PraxisError(ErrorCodes.MODEL_INCOMPATIBLE, `${dir} has no ${MODEL_CARD_FILE}`, 'Pick a folder written by praxis train or praxis model export (or add a card: see models/README.md).', { dir });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new PraxisError(ErrorCodes.MODEL_INCOMPATIBLE, `${join(dir, MODEL_CARD_FILE)} is not valid JSON: ${(e as Error).message}`, 'Restore the card from the export, or export the model again.', { dir });
    }
    const card = modelCardParse(json, join(dir, MODEL_CARD_FILE));
    return WorldModel.open(card, { encoder: join(dir, ONNX_FILES.encoder), predictor: join(dir, ONNX_FILES.predictor), probe: card.hasProbe ? join(dir, ONNX_FILES.probe) : undefined }, o);
  }

  /** Open from a card and model bytes or paths (the trainer evaluates fresh exports this way). */
  static async open(card: ModelCard, src: ModelSources, o: OnnxModelOptions = {}): Promise<WorldModel> {
    const d = card.dims;
    const io = IO_NAMES;
    const enc = new OnnxBatchModel(await onnxSessionOpen(src.encoder, ONNX_FILES.encoder, o), ONNX_FILES.encoder, { [io.encoder.input]: [d.obsDim] }, io.encoder.output, [d.latentDim]);
    const pred = new OnnxBatchModel(
      await onnxSessionOpen(src.predictor, ONNX_FILES.predictor, o),
      ONNX_FILES.predictor,
      { [io.predictor.latents]: [d.history, d.latentDim], [io.predictor.actions]: [d.history, d.frameskip * d.actDim] },
      io.predictor.output,
      [d.history, d.latentDim],
    );
    const probe = card.hasProbe && src.probe ? new OnnxBatchModel(await onnxSessionOpen(src.probe, ONNX_FILES.probe, o), ONNX_FILES.probe, { [io.probe.input]: [d.latentDim] }, io.probe.output, [d.obsDim]) : null;
    return new WorldModel(card, enc, pred, probe);
  }

  get latentDim(): number {
    return this.card.dims.latentDim;
  }
  get history(): number {
    return this.card.dims.history;
  }
  get frameskip(): number {
    return this.card.dims.frameskip;
  }
  /** Width of one action block: frameskip × actDim raw actions. */
  get blockDim(): number {
    return this.card.dims.frameskip * this.card.dims.actDim;
  }
  /** Rows one predictor call takes (null: any number). */
  get predictorBatch(): number | null {
    return this.predictor.batch;
  }

  private checkRows(what: string, data: ArrayLike<number>, width: number): number {
    if (data.length % width !== 0) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `${what} holds ${data.length} values, not a whole number of rows of ${width}`, 'Check the observation and action widths against the model card.', { width });
    }
    return data.length / width;
  }

  /** Latents [rows, latentDim] of raw observations [rows, obsDim]. */
  async encode(observations: ArrayLike<number>): Promise<Float32Array> {
    const { obsDim } = this.card.dims;
    const rows = this.checkRows('observations', observations, obsDim);
    const n = this.card.normaliser;
    return this.encoder.run(rows, { [IO_NAMES.encoder.input]: standardise(observations, n.obsMean, n.obsStd, new Float32Array(rows * obsDim)) });
  }

  /** Raw observations [rows, obsDim] decoded from latents [rows, latentDim] by the probe. */
  async decode(latents: Float32Array): Promise<Float32Array> {
    if (!this.probe) throw new PraxisError(ErrorCodes.MODEL_INCOMPATIBLE, `${this.card.name} has no probe, so its latents cannot be decoded`, 'Train a probe (praxis train does) or use latent-space costs only.');
    const rows = this.checkRows('latents', latents, this.latentDim);
    const out = await this.probe.run(rows, { [IO_NAMES.probe.input]: latents });
    const n = this.card.normaliser;
    return destandardise(out, n.obsMean, n.obsStd, out);
  }

  /**
   * Roll out candidates in latent space: `candidates` are raw action blocks [N, steps, blockDim]; the result
   * is the predicted latents [N, steps, Z], one batched predictor call per step (split only where N exceeds
   * the exported batch). The predictor is causal, so a context shorter than `history` is exact.
   */
  async rollout(context: RolloutContext, candidates: Float32Array, steps: number): Promise<Float32Array> {
    const { latentDim: Z, history: H } = this.card.dims;
    const A = this.blockDim;
    if (!(Number.isInteger(steps) && steps >= 1)) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `rollout steps must be a positive whole number, got ${steps}`);
    const N = this.checkRows('candidates', candidates, steps * A);
    const per = context.perCandidate === true;
    const c = context.latents.length / ((per ? N : 1) * Z);
    if (!Number.isInteger(c) || c < 1 || c > H) {
      throw new PraxisError(
        ErrorCodes.INVALID_ARGUMENT,
        `rollout context must hold 1 to ${H} latents of ${Z} values${per ? ' per candidate' : ''}, got ${context.latents.length} values for ${N} candidates`,
        'Encode the last observations with encode() and pass their latents.',
      );
    }
    const ctxActs = context.actions ?? new Float32Array(0);
    if (ctxActs.length !== (per ? N : 1) * (c - 1) * A) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `rollout needs the ${c - 1} action blocks of ${A} values between the context latents${per ? ' per candidate' : ''}, got ${ctxActs.length} values`);
    }
    const perCandidate = per;
    const n = this.card.normaliser;
    const win = new Float32Array(N * H * Z);
    const act = new Float32Array(N * H * A);
    for (let i = 0; i < N; i++) {
      win.set(perCandidate ? context.latents.subarray(i * c * Z, (i + 1) * c * Z) : context.latents, i * H * Z);
      const src = perCandidate ? ctxActs.subarray(i * (c - 1) * A, (i + 1) * (c - 1) * A) : ctxActs;
      standardise(src, n.actMean, n.actStd, act.subarray(i * H * A, i * H * A + (c - 1) * A));
    }
    const out = new Float32Array(N * steps * Z);
    let filled = c;
    for (let s = 0; s < steps; s++) {
      for (let i = 0; i < N; i++) {
        const at = i * H * A + (filled - 1) * A;
        standardise(candidates.subarray((i * steps + s) * A, (i * steps + s + 1) * A), n.actMean, n.actStd, act.subarray(at, at + A));
      }
      const pred = await this.predictor.run(N, { [IO_NAMES.predictor.latents]: win, [IO_NAMES.predictor.actions]: act });
      for (let i = 0; i < N; i++) {
        const next = pred.subarray((i * H + filled - 1) * Z, (i * H + filled) * Z);
        out.set(next, (i * steps + s) * Z);
        if (filled < H) win.set(next, (i * H + filled) * Z);
        else {
          win.copyWithin(i * H * Z, i * H * Z + Z, (i + 1) * H * Z);
          win.set(next, (i * H + H - 1) * Z);
          act.copyWithin(i * H * A, i * H * A + A, (i + 1) * H * A);
        }
      }
      if (filled < H) filled++;
    }
    return out;
  }

  /**
   * The prediction preview: from every `stride`-th frame (default: every block) with a full history behind
   * it, roll k blocks ahead with the recorded actions and decode, beside what was recorded. `anchored` draws
   * predictions from the recorded current pose instead: x̂(t+k) = x(t) + probe(ẑ(t+k)) − probe(z(t)).
   */
  async predict(frames: EpisodeFramesRaw, k: number, o: { stride?: number; anchored?: boolean } = {}): Promise<PredictionPreview> {
    const stride = o.stride ?? this.frameskip;
    const anchored = o.anchored ?? false;
    const { obsDim, actDim, history: H } = this.card.dims;
    const fs = this.frameskip;
    const A = this.blockDim;
    if (frames.observation.length !== frames.length * obsDim || frames.action.length !== frames.length * actDim) {
      throw new PraxisError(ErrorCodes.MODEL_INCOMPATIBLE, `the episode has ${frames.observation.length / frames.length} observation and ${frames.action.length / frames.length} action values per frame; ${this.card.name} expects ${obsDim} and ${actDim}`, 'Preview with a model trained on this robot and these features.');
    }
    if (!(Number.isInteger(k) && k >= 1)) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `k must be a positive whole number of steps, got ${k}`);
    const starts: number[] = [];
    for (let t = (H - 1) * fs; t + k * fs < frames.length; t += Math.max(1, stride)) starts.push(t);
    const S = starts.length;
    const ctxObs = new Float32Array(S * H * obsDim);
    const ctxActs = new Float32Array(S * (H - 1) * A);
    const cand = new Float32Array(S * k * A);
    const actual = new Float32Array(S * k * obsDim);
    starts.forEach((t, i) => {
      for (let h = 0; h < H; h++) {
        const f = t - (H - 1 - h) * fs;
        ctxObs.set(frames.observation.subarray(f * obsDim, (f + 1) * obsDim), (i * H + h) * obsDim);
        if (h < H - 1) ctxActs.set(frames.action.subarray(f * actDim, (f + fs) * actDim), (i * (H - 1) + h) * A);
      }
      for (let j = 0; j < k; j++) {
        cand.set(frames.action.subarray((t + j * fs) * actDim, (t + (j + 1) * fs) * actDim), (i * k + j) * A);
        const f = t + (j + 1) * fs;
        actual.set(frames.observation.subarray(f * obsDim, (f + 1) * obsDim), (i * k + j) * obsDim);
      }
    });
    const jointDims = this.card.jointDims;
    if (S === 0) return { k, frameskip: fs, anchored, startFrames: [], predicted: new Float32Array(0), actual, obsNames: this.card.obsNames, jointDims, jointError: new Array(k).fill(Number.NaN) };
    const ctx = await this.encode(ctxObs);
    const latents = await this.rollout({ latents: ctx, actions: ctxActs, perCandidate: true }, cand, k);
    const predicted = await this.decode(latents);
    if (anchored) {
      const Z = this.latentDim;
      const current = new Float32Array(S * Z);
      for (let i = 0; i < S; i++) current.set(ctx.subarray((i * H + H - 1) * Z, (i * H + H) * Z), i * Z);
      const recon = await this.decode(current);
      for (let i = 0; i < S; i++) {
        for (let j = 0; j < k; j++) {
          for (let d = 0; d < obsDim; d++) predicted[(i * k + j) * obsDim + d] += ctxObs[(i * H + H - 1) * obsDim + d] - recon[i * obsDim + d];
        }
      }
    }
    const jointError = new Array<number>(k).fill(0);
    for (let i = 0; i < S; i++) {
      for (let j = 0; j < k; j++) {
        let e = 0;
        for (const d of jointDims) e += Math.abs(predicted[(i * k + j) * obsDim + d] - actual[(i * k + j) * obsDim + d]);
        jointError[j] += e / Math.max(1, jointDims.length) / S;
      }
    }
    return { k, frameskip: fs, anchored, startFrames: starts, predicted, actual, obsNames: this.card.obsNames, jointDims, jointError };
  }

  async dispose(): Promise<void> {
    await this.encoder.release();
    await this.predictor.release();
    await this.probe?.release();
  }
}
