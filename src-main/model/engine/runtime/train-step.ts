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
  totalSize: number;
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
  let at = 0;
  for (const p of g.params) {
    slots.push({ name: p.tensor.name, shape: p.tensor.shape, offset: at, size: p.tensor.size, group: p.group });
    at += p.tensor.size;
  }
  const n = at;
  const flat = g.input(STEP_IO.params, [n]);
  const m = g.input(STEP_IO.m, [n]);
  const v = g.input(STEP_IO.v, [n]);
  const step = g.input(STEP_IO.step, []);
  const lr = g.input(STEP_IO.lr, []);

  const flatGrad = g.concat(
    grads.map((d, i) => (d ? g.reshape(d, [-1]) : g.expand(g.scalarLike(params[i], 0), [slots[i].size]))),
    0,
  );
  const gradSquared = g.square(flatGrad);
  const normSq = g.reduceSum(gradSquared);
  const norm = g.sqrt(normSq);
  const gradScale = o.clipNorm !== undefined ? clipCoefficient(g, norm, o.clipNorm) : undefined;
  const segs: FlatSegment[] = slots.map((s, i) => ({ group: s.group, size: s.size, frozen: grads[i] === null }));
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
  return { model, slots, totalSize: n, lossNames: g.losses.map((l) => l.name), bufferNames };
}
