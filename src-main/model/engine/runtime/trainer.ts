// The trainer: one ORT session running the step graph, with parameters, moments and buffers kept in ORT
// tensors across steps. Each step writes into the spare set (pre-allocated outputs) and the two sets swap,
// so no JavaScript ever loops over weights during training; a non-finite step is dropped by not swapping.
import { ErrorCodes, PraxisError, type PraxisErrorData } from '../../../api';
import { type CheckpointState, readCheckpointFile, writeCheckpointFile } from '../checkpoint/checkpoint';
import type { GraphBuilder } from '../graph/builder';
import { type FloatArray, floatArray } from '../graph/dtype';
import { emitModel, type Mode } from '../graph/emit';
import type { Tensor } from '../graph/ir';
import { fillNormal, fillUniform, hashSeed } from '../graph/rng';
import { exportInference } from './export';
import { type Batch, feedFor } from './feeds';
import { unrolledName, unrollTrainStep } from './unroll';
import { openSession, ort, type SessionOptions, scalarOf } from './session';
import { assembleTrainStep, bufferOut, lossOut, type ParamSlot, STEP_IO, type TrainStepGraph, type TrainStepOptions } from './train-step';

export interface TrainerOptions extends TrainStepOptions, SessionOptions {
  /** Seeds the dropout noise (with the step number, so resumed runs draw the same masks). */
  seed?: number;
  /**
   * Steps chained in one session.run by `steps()` (see unroll.ts): the state crosses into JavaScript once per
   * this many steps. Default 1; `step()` always runs one.
   */
  stepsPerRun?: number;
}

export interface StepResult {
  /** The 1-based number of the update this step attempted. */
  step: number;
  loss: number;
  terms: Record<string, number>;
  gradNorm: number;
  /** False when the loss or gradient was NaN/Inf: parameters, moments and buffers were left unchanged. */
  applied: boolean;
  error?: PraxisErrorData;
}

interface StateSet {
  params: ort.Tensor;
  /** One tensor per parameter viewing its slice of `params` (no copies). */
  paramViews: Map<Tensor, ort.Tensor>;
  m: ort.Tensor;
  v: ort.Tensor;
  buffers: ort.Tensor[];
}

export async function buildTrainStep(g: GraphBuilder, o: TrainerOptions = {}): Promise<Trainer> {
  const step = assembleTrainStep(g, o);
  const session = await openSession(step.model.bytes, o);
  return new Trainer(g, step, session, o);
}

export class Trainer {
  /** Updates applied so far; the next step is number `stepsDone + 1`. */
  stepsDone = 0;
  /** Seeds random inputs (with the step number); a loaded checkpoint brings its own. */
  seed: number;
  private cur: StateSet;
  private spare: StateSet;
  private readonly randomBuffers = new Map<Tensor, FloatArray[]>();
  private readonly bufferTensors: Tensor[];
  private running = false;
  private readonly forwards = new Map<string, { session: ort.InferenceSession; inputs: Tensor[] }>();
  private unrolled: Promise<ort.InferenceSession> | null = null;

  constructor(
    readonly graph: GraphBuilder,
    readonly layout: TrainStepGraph,
    private readonly session: ort.InferenceSession,
    private readonly options: TrainerOptions,
  ) {
    this.seed = options.seed ?? graph.seed;
    this.bufferTensors = layout.bufferNames.map((n) => graph.buffers.find((b) => b.tensor.name === n)?.tensor as Tensor);
    this.cur = this.allocate();
    this.spare = this.allocate();
    const p = this.cur.params.data as FloatArray;
    graph.params.forEach((info, i) => {
      p.set(info.init, layout.slots[i].offset);
    });
    this.bufferTensors.forEach((t, i) => {
      (this.cur.buffers[i].data as FloatArray).set(graph.buffers.find((b) => b.tensor === t)?.init as FloatArray);
    });
  }

  get slots(): readonly ParamSlot[] {
    return this.layout.slots;
  }

  private allocate(): StateSet {
    const flatShape = this.layout.flatShape;
    const dt = this.graph.dtype;
    const mk = (shape: readonly number[]) => new ort.Tensor(dt, floatArray(dt, shape.reduce((a, b) => a * b, 1)) as never, shape as number[]);
    const params = mk(flatShape);
    const flat = params.data as FloatArray;
    const paramViews = new Map<Tensor, ort.Tensor>();
    this.graph.params.forEach((p, i) => {
      const s = this.layout.slots[i];
      paramViews.set(p.tensor, new ort.Tensor(dt, flat.subarray(s.offset, s.offset + s.size) as never, s.shape as number[]));
    });
    return { params, paramViews, m: mk(flatShape), v: mk(flatShape), buffers: this.bufferTensors.map((t) => mk(t.shape)) };
  }

  /** Noise for step `step`; `slot` keeps the buffers of the steps chained in one run apart. */
  private randomFeed(t: Tensor, step: number, slot = 0): ort.Tensor {
    let bufs = this.randomBuffers.get(t);
    if (!bufs) {
      bufs = [];
      this.randomBuffers.set(t, bufs);
    }
    bufs[slot] ??= floatArray(this.graph.dtype, t.size);
    const buf = bufs[slot];
    const seed = hashSeed(this.seed, `${t.name}#${step}`);
    if (this.graph.randomDistributions.get(t) === 'normal') fillNormal(buf, seed);
    else fillUniform(buf, seed);
    return new ort.Tensor(this.graph.dtype, buf as never, t.shape as number[]);
  }

  /** The live flat parameter vector (do not write to it): hand it to another session without copying. */
  get liveParams(): ort.Tensor {
    return this.cur.params;
  }

  /** Run one training step on `batch` with learning rate `lr`. Steps must not overlap: await each one. */
  async step(batch: Batch, lr: number): Promise<StepResult> {
    if (this.running) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'A training step is already running on this trainer', 'Await each step before starting the next.');
    }
    this.running = true;
    try {
      return await this.runStep(batch, lr);
    } finally {
      this.running = false;
    }
  }

  /**
   * Run `batches.length` steps, `lrs[i]` the learning rate of step i, chained `stepsPerRun` to a session.run.
   * Results are those of as many `step()` calls: when a chained run meets a non-finite step, its state is
   * dropped and those steps are replayed one by one, so only the bad step is skipped.
   */
  async steps(batches: readonly Batch[], lrs: readonly number[]): Promise<StepResult[]> {
    if (batches.length !== lrs.length) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `steps: ${batches.length} batches but ${lrs.length} learning rates`);
    if (this.running) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'A training step is already running on this trainer', 'Await each step before starting the next.');
    }
    this.running = true;
    try {
      const k = Math.max(1, Math.floor(this.options.stepsPerRun ?? 1));
      const out: StepResult[] = [];
      let i = 0;
      for (; k > 1 && i + k <= batches.length; i += k) out.push(...(await this.runChained(batches.slice(i, i + k), lrs.slice(i, i + k))));
      for (; i < batches.length; i++) out.push(await this.runStep(batches[i], lrs[i]));
      return out;
    } finally {
      this.running = false;
    }
  }

  /** Feeds of one step's own inputs (batch, noise, step number, learning rate), named by `name`. */
  private stepFeeds(feeds: Record<string, ort.Tensor>, batch: Batch, lr: number, t: number, name: (n: string) => string, slot = 0): void {
    const dt = this.graph.dtype;
    for (const inp of this.layout.model.inputs) {
      if (inp.name === STEP_IO.step) feeds[name(inp.name)] = new ort.Tensor(dt, floatArray(dt, 1).fill(t) as never, []);
      else if (inp.name === STEP_IO.lr) feeds[name(inp.name)] = new ort.Tensor(dt, floatArray(dt, 1).fill(lr) as never, []);
      else if (inp.kind === 'random') feeds[name(inp.name)] = this.randomFeed(inp, t, slot);
      else if (inp.kind !== 'param' && inp.kind !== 'buffer' && inp.name !== STEP_IO.params && inp.name !== STEP_IO.m && inp.name !== STEP_IO.v) feeds[name(inp.name)] = feedFor(inp, batch[inp.name]);
    }
  }

  /** Feeds of the state the step reads: the flat vectors, the parameter views into them and the buffers. */
  private stateFeeds(feeds: Record<string, ort.Tensor>): void {
    feeds[STEP_IO.params] = this.cur.params;
    feeds[STEP_IO.m] = this.cur.m;
    feeds[STEP_IO.v] = this.cur.v;
    const bufferIndex = new Map(this.bufferTensors.map((b, i) => [b, i]));
    for (const inp of this.layout.model.inputs) {
      if (inp.kind === 'param') feeds[inp.name] = this.cur.paramViews.get(inp) as ort.Tensor;
      else if (inp.kind === 'buffer') feeds[inp.name] = this.cur.buffers[bufferIndex.get(inp) as number];
    }
  }

  /** The spare state as pre-allocated outputs: the step writes the update there. */
  private stateFetches(): Record<string, ort.Tensor | null> {
    const fetches: Record<string, ort.Tensor | null> = { [STEP_IO.paramsOut]: this.spare.params, [STEP_IO.mOut]: this.spare.m, [STEP_IO.vOut]: this.spare.v };
    this.layout.bufferNames.forEach((name, i) => {
      fetches[bufferOut(name)] = this.spare.buffers[i];
    });
    return fetches;
  }

  private adoptSpare(): void {
    const swap = this.cur;
    this.cur = this.spare;
    this.spare = swap;
  }

  private result(out: Record<string, ort.Tensor>, t: number, name: (n: string) => string): StepResult {
    const terms: Record<string, number> = {};
    for (const n of this.layout.lossNames) terms[n] = scalarOf(out[name(lossOut(n))]);
    return { step: t, loss: scalarOf(out[name(STEP_IO.loss)]), terms, gradNorm: scalarOf(out[name(STEP_IO.gradNorm)]), applied: scalarOf(out[name(STEP_IO.finite)]) === 1 };
  }

  private async runStep(batch: Batch, lr: number): Promise<StepResult> {
    const t = this.stepsDone + 1;
    const same = (n: string) => n;
    const feeds: Record<string, ort.Tensor> = {};
    this.stateFeeds(feeds);
    this.stepFeeds(feeds, batch, lr, t, same);
    const fetches = this.stateFetches();
    for (const n of [STEP_IO.loss, STEP_IO.gradNorm, STEP_IO.finite, ...this.layout.lossNames.map(lossOut)]) fetches[n] = null;
    const res = this.result(await this.session.run(feeds, fetches as never), t, same);
    // The step wrote into the spare set; adopting it is the update. A non-finite step is dropped here.
    if (res.applied) {
      this.adoptSpare();
      this.stepsDone = t;
    } else {
      res.error = new PraxisError(
        ErrorCodes.NON_FINITE_LOSS,
        `Step ${t}: the loss or its gradient is not finite (loss ${res.loss}, gradient norm ${res.gradNorm}); the update was skipped`,
        'Lower the learning rate, enable gradient clipping, or check the batch for NaN values.',
        { step: t },
      ).toData();
    }
    return res;
  }

  private async runChained(batches: readonly Batch[], lrs: readonly number[]): Promise<StepResult[]> {
    const k = batches.length;
    this.unrolled ??= openSession(unrollTrainStep(this.layout, k), this.options);
    const session = await this.unrolled;
    const t0 = this.stepsDone + 1;
    const feeds: Record<string, ort.Tensor> = {};
    this.stateFeeds(feeds);
    const fetches = this.stateFetches();
    for (let j = 0; j < k; j++) {
      const at = (n: string) => unrolledName(n, j);
      this.stepFeeds(feeds, batches[j], lrs[j], t0 + j, at, j);
      for (const n of [STEP_IO.loss, STEP_IO.gradNorm, STEP_IO.finite, ...this.layout.lossNames.map(lossOut)]) fetches[at(n)] = null;
    }
    const out = await session.run(feeds, fetches as never);
    const results = batches.map((_, j) => this.result(out, t0 + j, (n) => unrolledName(n, j)));
    if (results.every((r) => r.applied)) {
      this.adoptSpare();
      this.stepsDone = t0 + k - 1;
      return results;
    }
    // Some step was not finite, and the steps after it built on its update: keep the state from before the
    // run and replay the steps singly, which skips exactly the bad one.
    const replay: StepResult[] = [];
    for (let j = 0; j < k; j++) replay.push(await this.runStep(batches[j], lrs[j]));
    return replay;
  }

  /** Current parameter values by name (copies). */
  getParams(): Record<string, FloatArray> {
    const flat = this.cur.params.data as FloatArray;
    return Object.fromEntries(this.slots.map((s) => [s.name, flat.slice(s.offset, s.offset + s.size)]));
  }

  /** Overwrite some parameters (e.g. to start from given weights); moments are untouched. */
  setParams(values: Record<string, ArrayLike<number>>): void {
    const flat = this.cur.params.data as FloatArray;
    for (const [name, v] of Object.entries(values)) {
      const s = this.slots.find((x) => x.name === name);
      if (!s) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `No parameter named '${name}' in graph '${this.graph.name}'`);
      if (v.length !== s.size) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Parameter '${name}' takes ${s.size} values, got ${v.length}`);
      flat.set(v, s.offset);
    }
  }

  getBuffers(): Record<string, FloatArray> {
    return Object.fromEntries(this.layout.bufferNames.map((n, i) => [n, (this.cur.buffers[i].data as FloatArray).slice()]));
  }

  private snapshot(config: unknown): CheckpointState {
    const view = (a: ort.Tensor, s: ParamSlot) => (a.data as FloatArray).subarray(s.offset, s.offset + s.size);
    const s: CheckpointState = { graph: this.graph.name, step: this.stepsDone, seed: this.seed, config, params: {}, adamM: {}, adamV: {}, buffers: {} };
    for (const slot of this.slots) {
      s.params[slot.name] = { shape: slot.shape, data: view(this.cur.params, slot) };
      s.adamM[slot.name] = view(this.cur.m, slot);
      s.adamV[slot.name] = view(this.cur.v, slot);
    }
    this.layout.bufferNames.forEach((n, i) => {
      s.buffers[n] = { shape: this.bufferTensors[i].shape, data: this.cur.buffers[i].data as FloatArray };
    });
    return s;
  }

  /** Parameters, moments, buffers, step and `config` in one safetensors file, written atomically. */
  async saveCheckpoint(path: string, config: unknown = null): Promise<void> {
    await writeCheckpointFile(path, this.snapshot(config));
  }

  /** Restore a checkpoint written for this same graph; returns its config. Refuses other graphs' files. */
  async loadCheckpoint(path: string): Promise<unknown> {
    const s = await readCheckpointFile(path);
    const mismatch = (why: string) =>
      new PraxisError(ErrorCodes.CHECKPOINT_MISMATCH, `Checkpoint ${path} does not fit graph '${this.graph.name}': ${why}`, 'Load it into the model configuration it was trained with.', { file: path });
    const wanted = new Set(this.slots.map((x) => x.name));
    for (const name of Object.keys(s.params)) if (!wanted.has(name)) throw mismatch(`unexpected parameter '${name}'`);
    const dt = this.graph.dtype;
    for (const slot of this.slots) {
      const p = s.params[slot.name];
      if (!p) throw mismatch(`parameter '${slot.name}' is missing`);
      if (p.shape.length !== slot.shape.length || p.shape.some((d, i) => d !== slot.shape[i])) {
        throw mismatch(`parameter '${slot.name}' has shape [${p.shape.join(',')}], the graph wants [${slot.shape.join(',')}]`);
      }
      if ((dt === 'float32') !== p.data instanceof Float32Array) throw mismatch(`parameter '${slot.name}' is not ${dt}`);
    }
    for (const [i, n] of this.layout.bufferNames.entries()) {
      const b = s.buffers[n];
      if (!b || b.data.length !== this.bufferTensors[i].size) throw mismatch(`buffer '${n}' is missing or has another size`);
    }
    for (const slot of this.slots) {
      (this.cur.params.data as FloatArray).set(s.params[slot.name].data, slot.offset);
      (this.cur.m.data as FloatArray).set(s.adamM[slot.name], slot.offset);
      (this.cur.v.data as FloatArray).set(s.adamV[slot.name], slot.offset);
    }
    this.layout.bufferNames.forEach((n, i) => {
      (this.cur.buffers[i].data as FloatArray).set(s.buffers[n].data);
    });
    this.stepsDone = s.step;
    this.seed = s.seed; // the noise of the resumed steps must be the noise the original run would have drawn
    return s.config;
  }

  /** A forward-only ONNX model of `outputs` in eval mode with the current weights as initialisers. */
  exportInference(outputs: Record<string, Tensor>, o: { docString?: string } = {}): Uint8Array {
    return exportInference(this.graph, outputs, { params: this.getParams(), buffers: this.getBuffers() }, o);
  }

  /**
   * Evaluate `outputs` on the current weights without exporting: parameters are read from the live flat
   * vector. `mode` 'train' gives the training graph's forward (batch statistics, and the dropout masks the next
   * step will draw).
   */
  async forward(outputs: Record<string, Tensor>, batch: Batch, mode: Mode = 'eval'): Promise<Record<string, FloatArray>> {
    const key = `${mode}:${Object.entries(outputs)
      .map(([k, t]) => `${k}=${t.id}`)
      .join(',')}`;
    let f = this.forwards.get(key);
    if (!f) {
      const model = emitModel(this.graph, { outputs, mode });
      f = { session: await openSession(model.bytes, this.options), inputs: model.inputs };
      this.forwards.set(key, f);
    }
    const feeds: Record<string, ort.Tensor> = {};
    for (const inp of f.inputs) {
      if (inp.kind === 'param') feeds[inp.name] = this.cur.paramViews.get(inp) as ort.Tensor;
      // Train mode draws the noise the next step will draw: deterministic, and exactly that step's forward.
      else if (inp.kind === 'random') feeds[inp.name] = this.randomFeed(inp, this.stepsDone + 1);
      else if (inp.kind === 'buffer') feeds[inp.name] = this.cur.buffers[this.bufferTensors.indexOf(inp)];
      else feeds[inp.name] = feedFor(inp, batch[inp.name]);
    }
    const out = await f.session.run(feeds);
    return Object.fromEntries(Object.keys(outputs).map((k) => [k, out[k].data as FloatArray]));
  }

  async dispose(): Promise<void> {
    await this.session.release();
    if (this.unrolled) await (await this.unrolled).release();
    for (const f of this.forwards.values()) await f.session.release();
  }
}
