// Broadcasting's adjoint: a gradient shaped like a broadcast result is summed back to an operand's shape.
import type { GraphBuilder } from '../graph/builder';
import type { Tensor } from '../graph/ir';
import { type Shape, sameShape } from '../graph/shape';

export function sumToShape(g: GraphBuilder, grad: Tensor, shape: Shape): Tensor {
  if (sameShape(grad.shape, shape)) return grad;
  const lead = grad.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < grad.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && grad.shape[i] !== 1)) axes.push(i);
  }
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
