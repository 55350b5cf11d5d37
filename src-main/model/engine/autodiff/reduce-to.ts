// Broadcasting's adjoint: a gradient shaped like a broadcast result is summed back to an operand's shape.
import type { GraphBuilder } from '../graph/builder';
import type { Tensor } from '../graph/ir';
import { type Shape, sameShape } from '../graph/shape';

/**
 * Sum over the first `k` axes. Written as ones[1,R] · x[R,C]: ORT's ReduceSum over leading axes is slow for
 * some shapes (measured ~0.4–0.8 ms for [256,512] → [512], against ~20 µs for the product), and bias
 * gradients are exactly this reduction.
 */
export function sumLeading(g: GraphBuilder, x: Tensor, k: number): Tensor {
  const rows = x.shape.slice(0, k).reduce((a, b) => a * b, 1);
  const rest = x.shape.slice(k);
  if (k === 0) return x;
  const cols = rest.reduce((a, b) => a * b, 1);
  const ones = g.constant(new Float64Array(rows).fill(1), [1, rows], x.dtype);
  return g.reshape(g.matmul(ones, g.reshape(x, [rows, cols])), rest);
}

export function sumToShape(g: GraphBuilder, grad: Tensor, shape: Shape): Tensor {
  if (sameShape(grad.shape, shape)) return grad;
  const lead = grad.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < grad.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && grad.shape[i] !== 1)) axes.push(i);
  }
  // Leading axes only (a bias, or a weight shared across the batch): one GEMV instead of a ReduceSum.
  const k = axes.length;
  if (k > 0 && axes.every((a, i) => a === i)) return g.reshape(sumLeading(g, grad, k), shape);
  const summed = axes.length ? g.reduceSum(grad, axes, true) : grad;
  return g.reshape(summed, shape);
}

/** Swap the last two axes. */
export function transposeLast2(g: GraphBuilder, x: Tensor): Tensor {
  const perm = x.shape.map((_, i) => i);
  perm[x.rank - 1] = x.rank - 2;
  perm[x.rank - 2] = x.rank - 1;
  return g.transpose(x, perm);
}

/** Expand a reduced gradient (keepdims or not) back over the reduced axes of `shape`. */
export function unreduce(g: GraphBuilder, grad: Tensor, shape: Shape, axes: readonly number[]): Tensor {
  const keep = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  return g.expand(g.reshape(grad, keep), shape);
}
