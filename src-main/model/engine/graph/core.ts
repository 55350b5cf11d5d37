// The bookkeeping half of the graph builder: named inputs, seeded parameters, buffers, constants, and the one
// place nodes are created. Ops live in ops.ts and layers.ts, which build on this.
import { ErrorCodes, PraxisError } from '../../../api';
import { type DType, type FloatDType, floatArray, isFloat } from './dtype';
import { type AttrValue, type BufferInfo, type ConstData, type GraphNode, type ParamGroup, type ParamInfo, Tensor } from './ir';
import { fillNormal, fillUniform, hashSeed } from './rng';
import { type Shape, shapeError, sizeOf } from './shape';

export type InitSpec =
  | 'xavier'
  | 'kaiming'
  | 'zeros'
  | 'ones'
  | { normal: number }
  | { uniform: number }
  | { values: ArrayLike<number> };

export interface ParamOptions {
  init?: InitSpec;
  /** Seed for this parameter; defaults to a hash of the builder seed and the parameter name. */
  seed?: number;
  /** Optimiser group; 'decay' by default. Norm gains and biases usually go in 'no_decay'. */
  group?: ParamGroup;
}

export interface GraphBuilderOptions {
  /** Element type of parameters, inputs and constants unless stated: float32 to train, float64 for gradient checks. */
  dtype?: FloatDType;
  seed?: number;
}

export class GraphCore {
  readonly name: string;
  readonly dtype: FloatDType;
  readonly seed: number;
  readonly nodes: GraphNode[] = [];
  readonly inputs: Tensor[] = [];
  readonly params: ParamInfo[] = [];
  readonly buffers: BufferInfo[] = [];
  readonly constants = new Map<number, ConstData>();
  /** Scalar loss terms, summed with their weights into the training loss. */
  readonly losses: { name: string; tensor: Tensor; weight: number }[] = [];
  readonly randomDistributions = new Map<Tensor, 'uniform' | 'normal'>();
  private nextId = 0;
  private readonly names = new Set<string>();

  constructor(name: string, opts: GraphBuilderOptions = {}) {
    this.name = name;
    this.dtype = opts.dtype ?? 'float32';
    this.seed = opts.seed ?? 0;
  }

  private claim(name: string): void {
    if (this.names.has(name)) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Graph '${this.name}' already has a tensor named '${name}'`, 'Give each input, parameter and buffer a unique name.');
    }
    this.names.add(name);
  }

  private leaf(name: string, shape: Shape, dtype: DType, kind: Tensor['kind']): Tensor {
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 1) throw shapeError(kind, `'${name}' needs positive integer dimensions`, { [name]: shape });
    }
    return new Tensor(this.nextId++, name, [...shape], dtype, kind);
  }

  /** A value fed on every run (a batch field, a learning-rate-like scalar, random projection directions…). */
  input(name: string, shape: Shape, dtype: DType = this.dtype): Tensor {
    this.claim(name);
    const t = this.leaf(name, shape, dtype, 'input');
    this.inputs.push(t);
    return t;
  }

  /**
   * Noise of this shape drawn afresh each step by the trainer from its seed and the step number, so a
   * resumed run draws the same values: uniform on [0, 1) (dropout masks) or standard normal (random
   * projection directions). Inference exports must not depend on it.
   */
  randomInput(name: string, shape: Shape, distribution: 'uniform' | 'normal' = 'uniform'): Tensor {
    this.claim(name);
    const t = this.leaf(name, shape, this.dtype, 'random');
    this.inputs.push(t);
    this.randomDistributions.set(t, distribution);
    return t;
  }

  /** A trainable parameter with a seeded initialiser. */
  param(name: string, shape: Shape, opts: ParamOptions = {}): Tensor {
    this.claim(name);
    const t = this.leaf(name, shape, this.dtype, 'param');
    const init = initialise(this.dtype, shape, opts.init ?? 'xavier', opts.seed ?? hashSeed(this.seed, name), name);
    this.params.push({ tensor: t, group: opts.group ?? 'decay', init });
    return t;
  }

  /** Non-trained state carried between steps (running statistics); set its post-step value with `assign`. */
  buffer(name: string, shape: Shape, init: InitSpec = 'zeros'): Tensor {
    this.claim(name);
    const t = this.leaf(name, shape, this.dtype, 'buffer');
    this.buffers.push({ tensor: t, init: initialise(this.dtype, shape, init, hashSeed(this.seed, name), name), update: null });
    return t;
  }

  /** Declare the value `buffer` holds after each training step. */
  assign(buffer: Tensor, value: Tensor): void {
    const b = this.buffers.find((x) => x.tensor === buffer);
    if (!b) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `assign: '${buffer.name}' is not a buffer of graph '${this.name}'`);
    if (value.shape.length !== buffer.shape.length || value.shape.some((d, i) => d !== buffer.shape[i])) {
      throw shapeError('assign', `new value for buffer '${buffer.name}' has another shape`, { buffer: buffer.shape, value: value.shape });
    }
    b.update = value;
  }

  /** A constant tensor: numbers (any float array) become `this.dtype`, BigInt64Array int64, Uint8Array bool. */
  constant(values: number | ArrayLike<number> | ConstData, shape: Shape = [], dtype?: DType): Tensor {
    const dt: DType = dtype ?? (values instanceof BigInt64Array ? 'int64' : values instanceof Uint8Array ? 'bool' : this.dtype);
    const n = sizeOf(shape);
    let data: ConstData;
    if (dt === 'int64') {
      data = values instanceof BigInt64Array ? values : BigInt64Array.from(typeof values === 'number' ? [values] : Array.from(values as ArrayLike<number>), (v) => BigInt(v));
    } else if (dt === 'bool') {
      data = values instanceof Uint8Array ? values : Uint8Array.from(typeof values === 'number' ? [values] : Array.from(values as ArrayLike<number>));
    } else {
      const f = floatArray(dt as FloatDType, typeof values === 'number' ? 1 : (values as ArrayLike<number>).length);
      if (typeof values === 'number') f[0] = values;
      else for (let i = 0; i < f.length; i++) f[i] = Number((values as ArrayLike<number>)[i]);
      data = f;
    }
    if (data.length !== n) throw shapeError('constant', `${data.length} values do not fill the shape`, { shape });
    const t = new Tensor(this.nextId++, `const_${this.nextId}`, [...shape], dt, 'const');
    this.constants.set(t.id, data);
    return t;
  }

  /** A scalar constant of the given tensor's float type (so float64 graphs stay float64). */
  scalarLike(x: Tensor, v: number): Tensor {
    return this.constant(v, [], isFloat(x.dtype) ? x.dtype : this.dtype);
  }

  int64s(values: readonly number[]): Tensor {
    return this.constant(BigInt64Array.from(values, (v) => BigInt(v)), [values.length], 'int64');
  }

  /** Create one node; `outs` gives each output's shape and type (already inferred by the caller). */
  node(op: string, inputs: (Tensor | null)[], attrs: Record<string, AttrValue>, outs: { shape: Shape; dtype: DType }[]): Tensor[] {
    const outputs: Tensor[] = [];
    const n: GraphNode = { op, inputs, attrs, outputs };
    outs.forEach((o, i) => {
      outputs.push(new Tensor(this.nextId++, `t${this.nextId}`, [...o.shape], o.dtype, 'op', n, i));
    });
    this.nodes.push(n);
    return outputs;
  }

  node1(op: string, inputs: (Tensor | null)[], attrs: Record<string, AttrValue>, shape: Shape, dtype: DType): Tensor {
    return this.node(op, inputs, attrs, [{ shape, dtype }])[0];
  }

  /** Register a scalar loss term; the training loss is the weighted sum of all terms. */
  loss(name: string, t: Tensor, weight = 1): Tensor {
    if (t.shape.length !== 0) throw shapeError('loss', `loss term '${name}' must be a scalar; reduce it first`, { [name]: t.shape });
    this.losses.push({ name, tensor: t, weight });
    return t;
  }

  paramInfo(t: Tensor): ParamInfo | undefined {
    return this.params.find((p) => p.tensor === t);
  }
}

function initialise(dtype: FloatDType, shape: Shape, spec: InitSpec, seed: number, name: string) {
  const n = sizeOf(shape);
  const out = floatArray(dtype, n);
  const fanIn = shape.length >= 2 ? shape[shape.length - 2] : (shape[0] ?? 1);
  const fanOut = shape.length >= 2 ? shape[shape.length - 1] : (shape[0] ?? 1);
  if (spec === 'zeros') return out;
  if (spec === 'ones') return out.fill(1);
  if (spec === 'xavier') {
    const a = Math.sqrt(6 / (fanIn + fanOut));
    fillUniform(out, seed, -a, a);
  } else if (spec === 'kaiming') {
    fillNormal(out, seed, Math.sqrt(2 / fanIn));
  } else if ('normal' in spec) {
    fillNormal(out, seed, spec.normal);
  } else if ('uniform' in spec) {
    fillUniform(out, seed, -spec.uniform, spec.uniform);
  } else {
    if (spec.values.length !== n) throw shapeError('param', `'${name}' given ${spec.values.length} initial values`, { [name]: shape });
    for (let i = 0; i < n; i++) out[i] = spec.values[i];
  }
  return out;
}
