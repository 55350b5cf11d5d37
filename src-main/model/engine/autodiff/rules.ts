// Vector-Jacobian products, one per op: given the gradients of a node's outputs, the gradients of its inputs.
// Each rule builds ordinary graph ops, so gradients get the same shape checks as the forward pass.
import { ErrorCodes, PraxisError } from '../../../api';
import type { GraphBuilder } from '../graph/builder';
import { type FloatDType, isFloat } from '../graph/dtype';
import type { GraphNode, Tensor } from '../graph/ir';
import { sumToShape, transposeLast2, unreduce } from './reduce-to';

/**
 * `gy` is the gradient of the node's (first) output; `need[j]` says input j wants a gradient. Multi-output
 * nodes also get `all`, each output's gradient or null when nothing downstream uses that output.
 */
export type VjpRule = (g: GraphBuilder, n: GraphNode, gy: Tensor, need: boolean[], all: (Tensor | null)[]) => (Tensor | null)[];

const int = (n: GraphNode, k: string): number => (n.attrs[k]?.v as number) ?? 0;
const flt = (n: GraphNode, k: string, d: number): number => (n.attrs[k]?.v as number) ?? d;

function constInts(g: GraphBuilder, t: Tensor | null): number[] {
  const d = t ? g.constants.get(t.id) : undefined;
  if (!(d instanceof BigInt64Array)) throw new PraxisError(ErrorCodes.INTERNAL, 'autodiff: expected a constant int64 operand');
  return Array.from(d, Number);
}

const I = (n: GraphNode, i: number) => n.inputs[i] as Tensor;
const Y = (n: GraphNode) => n.outputs[0];

export const rules: Record<string, VjpRule> = {
  Add: (g, n, gy) => [sumToShape(g, gy, I(n, 0).shape), sumToShape(g, gy, I(n, 1).shape)],
  Sub: (g, n, gy, need) => [sumToShape(g, gy, I(n, 0).shape), need[1] ? sumToShape(g, g.neg(gy), I(n, 1).shape) : null],
  Mul: (g, n, gy, need) => [
    need[0] ? sumToShape(g, g.mul(gy, I(n, 1)), I(n, 0).shape) : null,
    need[1] ? sumToShape(g, g.mul(gy, I(n, 0)), I(n, 1).shape) : null,
  ],
  Div: (g, n, gy, need) => [
    need[0] ? sumToShape(g, g.div(gy, I(n, 1)), I(n, 0).shape) : null,
    need[1] ? sumToShape(g, g.neg(g.div(g.mul(gy, Y(n)), I(n, 1))), I(n, 1).shape) : null,
  ],
  Pow: (g, n, gy, need) => [
    need[0] ? sumToShape(g, g.mul(g.mul(gy, I(n, 1)), g.pow(I(n, 0), g.sub(I(n, 1), 1))), I(n, 0).shape) : null,
    need[1] ? sumToShape(g, g.mul(g.mul(gy, Y(n)), g.log(I(n, 0))), I(n, 1).shape) : null,
  ],
  Neg: (g, _n, gy) => [g.neg(gy)],
  Exp: (g, n, gy) => [g.mul(gy, Y(n))],
  Log: (g, n, gy) => [g.div(gy, I(n, 0))],
  Sqrt: (g, n, gy) => [g.div(g.mul(gy, 0.5), Y(n))],
  Abs: (g, n, gy) => [g.mul(gy, g.sign(I(n, 0)))],
  Sign: () => [null],
  Cos: (g, n, gy) => [g.neg(g.mul(gy, g.sin(I(n, 0))))],
  Sin: (g, n, gy) => [g.mul(gy, g.cos(I(n, 0)))],
  Tanh: (g, n, gy) => [g.mul(gy, g.sub(1, g.square(Y(n))))],
  Sigmoid: (g, n, gy) => [g.mul(gy, g.mul(Y(n), g.sub(1, Y(n))))],
  Relu: (g, n, gy) => [g.where(g.greater(I(n, 0), 0), gy, 0)],
  Erf: (g, n, gy) => [g.mul(gy, g.mul(g.exp(g.neg(g.square(I(n, 0)))), 2 / Math.sqrt(Math.PI)))],
  Gelu: (g, n, gy) => {
    // d/dx x·Φ(x) = Φ(x) + x·φ(x), with Φ(x) = (1 + erf(x/√2))/2 and φ(x) = exp(−x²/2)/√(2π).
    const x = I(n, 0);
    const cdf = g.mul(g.add(g.erf(g.mul(x, Math.SQRT1_2)), 1), 0.5);
    const xpdf = g.mul(g.mul(x, g.exp(g.mul(g.square(x), -0.5))), 1 / Math.sqrt(2 * Math.PI));
    return [g.mul(gy, g.add(cdf, xpdf))];
  },
  Identity: (_g, _n, gy) => [gy],
  StopGradient: () => [null],
  ModeSelect: (_g, _n, gy) => [gy, null],
  Cast: (g, n, gy) => [isFloat(I(n, 0).dtype) ? g.cast(gy, I(n, 0).dtype) : null],

  Clip: (g, n, gy) => {
    const x = I(n, 0);
    return [g.where(g.and(g.greaterOrEqual(x, I(n, 1)), g.lessOrEqual(x, I(n, 2))), gy, 0), null, null];
  },
  Where: (g, n, gy, need) => [
    null,
    need[1] ? sumToShape(g, g.where(I(n, 0), gy, 0), I(n, 1).shape) : null,
    need[2] ? sumToShape(g, g.where(I(n, 0), 0, gy), I(n, 2).shape) : null,
  ],

  MatMul: (g, n, gy, need) => {
    const a = I(n, 0);
    const b = I(n, 1);
    const k = a.shape[a.rank - 1];
    const m = b.shape[b.rank - 1];
    let da: Tensor | null = null;
    let db: Tensor | null = null;
    if (b.rank === 2) {
      // The common case, activations [..., k] times a weight [k, m]: fold the batch axes into rows so both
      // gradients are single GEMMs with transposes folded in, not broadcast matmuls followed by sums.
      const gy2 = g.reshape(gy, [-1, m]);
      if (need[0]) da = g.reshape(g.gemm(gy2, b, null, { transB: true }), a.shape);
      if (need[1]) db = g.gemm(g.reshape(a, [-1, k]), gy2, null, { transA: true });
      return [da, db];
    }
    if (need[0]) da = sumToShape(g, g.matmul(gy, transposeLast2(g, b)), a.shape);
    if (need[1]) db = sumToShape(g, g.matmul(transposeLast2(g, a), gy), b.shape);
    return [da, db];
  },
  Gemm: (g, n, gy, need) => {
    const [a, b, c] = [I(n, 0), I(n, 1), n.inputs[2]];
    const tA = int(n, 'transA') === 1;
    const tB = int(n, 'transB') === 1;
    const alpha = flt(n, 'alpha', 1);
    const beta = flt(n, 'beta', 1);
    const da = !need[0] ? null : tA ? g.gemm(b, gy, null, { transA: tB, transB: true, alpha }) : g.gemm(gy, b, null, { transB: !tB, alpha });
    const db = !need[1] ? null : tB ? g.gemm(gy, a, null, { transA: true, transB: tA, alpha }) : g.gemm(a, gy, null, { transA: !tA, alpha });
    const dc = c && need[2] ? sumToShape(g, beta === 1 ? gy : g.mul(gy, beta), c.shape) : null;
    return [da, db, dc];
  },

  ReduceSum: (g, n, gy) => [unreduce(g, gy, I(n, 0).shape, constInts(g, n.inputs[1])), null],
  ReduceMean: (g, n, gy) => {
    const x = I(n, 0);
    const axes = n.attrs.axes.v as number[];
    const count = axes.reduce((p, a) => p * x.shape[a], 1);
    return [unreduce(g, g.mul(gy, 1 / count), x.shape, axes)];
  },
  Softmax: (g, n, gy) => {
    const y = Y(n);
    const axis = int(n, 'axis');
    return [g.mul(y, g.sub(gy, g.reduceSum(g.mul(gy, y), [axis], true)))];
  },
  LayerNormalization: (g, n, gy, need) => {
    // Recompute the statistics from primitives: ORT's optional Mean/InvStdDev outputs are float-only by spec.
    const [x, scale, bias] = [I(n, 0), I(n, 1), n.inputs[2]];
    const axis = int(n, 'axis');
    const eps = flt(n, 'epsilon', 1e-5);
    const normAxes = x.shape.map((_, i) => i).filter((i) => i >= axis);
    const leadAxes = x.shape.map((_, i) => i).filter((i) => i < axis);
    const xc = g.sub(x, g.reduceMean(x, normAxes, true));
    const inv = g.div(1, g.sqrt(g.add(g.reduceMean(g.square(xc), normAxes, true), eps)));
    const xhat = g.mul(xc, inv);
    const dscale = need[1] ? g.reduceSum(g.mul(gy, xhat), leadAxes) : null;
    const dbias = bias && need[2] ? g.reduceSum(gy, leadAxes) : null;
    let dx: Tensor | null = null;
    if (need[0]) {
      const dxhat = g.mul(gy, scale);
      const inner = g.sub(g.sub(dxhat, g.reduceMean(dxhat, normAxes, true)), g.mul(xhat, g.reduceMean(g.mul(dxhat, xhat), normAxes, true)));
      dx = g.mul(inv, inner);
    }
    return [dx, dscale, dbias];
  },

  Reshape: (g, n, gy) => [g.reshape(gy, I(n, 0).shape), null],
  Squeeze: (g, n, gy) => [g.reshape(gy, I(n, 0).shape), null],
  Unsqueeze: (g, n, gy) => [g.reshape(gy, I(n, 0).shape), null],
  Expand: (g, n, gy) => [sumToShape(g, gy, I(n, 0).shape), null],
  Transpose: (g, n, gy) => {
    const perm = n.attrs.perm.v as number[];
    const inv = new Array<number>(perm.length);
    perm.forEach((p, i) => {
      inv[p] = i;
    });
    return [g.transpose(gy, inv)];
  },
  Concat: (g, n, gy, need) => {
    const axis = int(n, 'axis');
    let at = 0;
    return n.inputs.map((t, i) => {
      const size = (t as Tensor).shape[axis];
      const part = need[i] ? g.slice(gy, [at], [at + size], [axis]) : null;
      at += size;
      return part;
    });
  },
  Slice: (g, n, gy) => {
    const x = I(n, 0);
    const starts = constInts(g, n.inputs[1]);
    const ends = constInts(g, n.inputs[2]);
    const axes = constInts(g, n.inputs[3]);
    const pads = new Array<number>(2 * x.rank).fill(0);
    axes.forEach((a, i) => {
      pads[a] = starts[i];
      pads[a + x.rank] = x.shape[a] - ends[i];
    });
    return [g.padZeros(gy, pads), null, null, null];
  },
  Split: (g, n, _gy, _need, gys) => {
    const axis = int(n, 'axis');
    const parts = n.outputs.map((o, i) => gys[i] ?? g.expand(g.scalarLike(o, 0), o.shape));
    return [g.concat(parts, axis), null];
  },
  Gather: (g, n, gy, need) => {
    if (!need[0]) return [null, null];
    // Scatter-add the gradient rows back into a zero tensor: repeated indices must accumulate.
    const [x, idx] = [I(n, 0), I(n, 1)];
    const axis = int(n, 'axis');
    const r = idx.rank;
    // gy is [x.shape[:axis], idx.shape, x.shape[axis+1:]]; bring the index axes to the front.
    const permG = [...range(axis, axis + r), ...range(0, axis), ...range(axis + r, gy.rank)];
    const permX = [axis, ...range(0, axis), ...range(axis + 1, x.rank)];
    const xT = permX.map((i) => x.shape[i]);
    const updates = g.transpose(gy, permG);
    const zeros = g.expand(g.scalarLike(x, 0), xT);
    const scattered = g.node1('ScatterND', [zeros, g.unsqueeze(idx, [-1]), updates], { reduction: { kind: 'string', v: 'add' } }, xT, x.dtype);
    const invX = new Array<number>(permX.length);
    permX.forEach((p, i) => {
      invX[p] = i;
    });
    return [g.transpose(scattered, invX), null];
  },
};

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i < b; i++) out.push(i);
  return out;
}

export function floatTypeOf(t: Tensor): FloatDType | null {
  return isFloat(t.dtype) ? t.dtype : null;
}
