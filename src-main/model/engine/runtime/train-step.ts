// Assembly of the one-graph training step: forward, backward, global-norm clipping, AdamW and the finite
// guard. Parameters travel as one flat vector (the forward reads each parameter through a view into it), so
// the optimiser is a dozen large elementwise ops instead of a dozen per parameter, and the trainer swaps
// three buffers per step.
import { ErrorCodes, PraxisError } from '../../../api';
import { gradients } from '../autodiff/grad';
import type { GraphBuilder } from '../graph/builder';
import { type EmittedModel, emitModel } from '../graph/emit';
import type { Tensor } from '../graph/ir';
import { type AdamWConfig, adamw, adamwUpdate, clipCoefficient, type FlatSegment } from '../optim/adamw';

export interface TrainStepOptions {
  optimizer?: AdamWConfig;
  /** Global gradient-norm limit; none when omitted. */
  clipNorm?: number;
  /** Parameters to keep fixed (fine-tuning part of a model): exact names, or prefixes ending in '.'. */
  freeze?: readonly string[];
}

export interface ParamSlot {
  name: string;
  shape: readonly number[];
  offset: number;
  size: number;
  group: string;
}

export interface TrainStepGraph {
  model: EmittedModel;
  slots: ParamSlot[];
  /** Length of the flat vectors (parameters, moments), padding included: rows × FLAT_ROW. */
  totalSize: number;
  /** Shape the step graph gives the flat vectors: [rows, FLAT_ROW]. */
  flatShape: [number, number];
  lossNames: string[];
  /** Names of all buffers, in output order (a buffer without an update passes through). */
  bufferNames: string[];
}

export const STEP_IO = {
  params: '__params',
  m: '__adam_m',
  v: '__adam_v',
  step: '__step',
  lr: '__lr',
  paramsOut: '__params_out',
  mOut: '__adam_m_out',
  vOut: '__adam_v_out',
  loss: 'loss',
  gradNorm: 'grad_norm',
  finite: 'finite',
} as const;

export const bufferOut = (name: string) => `__buffer_out/${name}`;
export const lossOut = (name: string) => `loss/${name}`;

/**
 * The flat vectors are rows of this many values, and every parameter starts on a row: per-group optimiser
 * settings (no weight decay for biases, frozen parameters) are then one value per row that broadcasts, rather
 * than a per-element vector rebuilt every step. Padding is at most FLAT_ROW − 1 zeros per parameter.
 */
export const FLAT_ROW = 256;

const built = new WeakSet<GraphBuilder>();

/** Build the step graph. The builder gains the backward and optimiser ops, so build a step once per builder. */
export function assembleTrainStep(g: GraphBuilder, o: TrainStepOptions = {}): TrainStepGraph {
  if (built.has(g)) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `graph '${g.name}' already has a training step`, 'Build a fresh GraphBuilder for each training step graph.');
  if (g.losses.length === 0) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `graph '${g.name}' has no loss`, 'Register at least one scalar with g.loss(name, tensor).');
  if (g.params.length === 0) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `graph '${g.name}' has no parameters to train`);
  for (const f of o.freeze ?? []) {
    if (!g.params.some((p) => p.tensor.name === f || (f.endsWith('.') && p.tensor.name.startsWith(f)))) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `freeze: no parameter of '${g.name}' is named '${f}'`, "Use a parameter name, or a prefix ending in '.'.");
    }
  }
  built.add(g);
  const cfg = o.optimizer ?? adamw();

  let total: Tensor | null = null;
  for (const l of g.losses) {
    const term = l.weight === 1 ? l.tensor : g.mul(l.tensor, l.weight);
    total = total ? g.add(total, term) : term;
  }
  const loss = total as Tensor;
  const frozen = (name: string) => (o.freeze ?? []).some((f) => name === f || (f.endsWith('.') && name.startsWith(f)));
  const params = g.params.map((p) => p.tensor);
  const trainable = params.filter((p) => !frozen(p.name));
  const trainableGrads = gradients(g, loss, trainable);
  const grads = params.map((p) => {
    const i = trainable.indexOf(p);
    return i < 0 ? null : trainableGrads[i];
  });

  const slots: ParamSlot[] = [];
  const padded = (size: number) => Math.ceil(size / FLAT_ROW) * FLAT_ROW;
  let at = 0;
  for (const p of g.params) {
    slots.push({ name: p.tensor.name, shape: p.tensor.shape, offset: at, size: p.tensor.size, group: p.group });
    at += padded(p.tensor.size);
  }
  const n = at;
  const flatShape: [number, number] = [n / FLAT_ROW, FLAT_ROW];
  const flat = g.input(STEP_IO.params, flatShape);
  const m = g.input(STEP_IO.m, flatShape);
  const v = g.input(STEP_IO.v, flatShape);
  const step = g.input(STEP_IO.step, []);
  const lr = g.input(STEP_IO.lr, []);

  // Padding holds zeros with zero gradients: its moments stay zero and its "parameters" stay zero.
  const pieces: Tensor[] = [];
  grads.forEach((d, i) => {
    const size = slots[i].size;
    pieces.push(d ? g.reshape(d, [-1]) : g.expand(g.scalarLike(params[i], 0), [size]));
    if (padded(size) > size) pieces.push(g.constant(new Float64Array(padded(size) - size), [padded(size) - size], g.dtype));
  });
  const flatGrad = g.reshape(g.concat(pieces, 0), flatShape);
  const gradSquared = g.square(flatGrad);
  const normSq = g.reduceSum(gradSquared);
  const norm = g.sqrt(normSq);
  const gradScale = o.clipNorm !== undefined ? clipCoefficient(g, norm, o.clipNorm) : undefined;
  const segs: FlatSegment[] = slots.map((s, i) => ({ group: s.group, size: padded(s.size), frozen: grads[i] === null }));
  const upd = adamwUpdate(g, cfg, segs, { params: flat, m, v, step, lr }, flatGrad, { gradScale, gradSquared });

  // x − x is 0 only for finite x: `finite` is false when the loss or any gradient is NaN/Inf. The graph
  // still writes its (useless) update; the trainer then keeps the old state by not swapping buffers, which
  // costs nothing, where selecting old-or-new in the graph would cost three passes over the parameters.
  const probe = g.add(loss, normSq);
  const finite = g.equal(g.sub(probe, probe), 0);
  const outputs: Record<string, Tensor> = {
    [STEP_IO.paramsOut]: upd.params,
    [STEP_IO.mOut]: upd.m,
    [STEP_IO.vOut]: upd.v,
    [STEP_IO.loss]: loss,
    [STEP_IO.gradNorm]: norm,
    [STEP_IO.finite]: g.cast(finite, g.dtype),
  };
  for (const l of g.losses) outputs[lossOut(l.name)] = l.tensor;
  const bufferNames: string[] = [];
  for (const b of g.buffers) {
    bufferNames.push(b.tensor.name);
    outputs[bufferOut(b.tensor.name)] = b.update ?? g.identity(b.tensor);
  }
  // Parameters are also graph inputs under their own names: the trainer feeds views into the flat vector,
  // so reading them costs no copy (slicing the flat vector in the graph would cost one pass per step).
  const model = emitModel(g, { outputs, mode: 'train', docString: `training step of ${g.name}` });
  return { model, slots, totalSize: n, flatShape, lossNames: g.losses.map((l) => l.name), bufferNames };
}
