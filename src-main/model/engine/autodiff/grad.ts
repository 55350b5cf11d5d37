// Reverse-mode autodiff over the builder's graph. Nodes are stored in creation order, which is topological,
// so one backward sweep suffices. Only nodes on a path from `wrt` to the loss get gradients: the others
// (and any input nobody asked about) are pruned.
import { ErrorCodes, PraxisError } from '../../../api';
import type { GraphBuilder } from '../graph/builder';
import { isFloat } from '../graph/dtype';
import type { Tensor } from '../graph/ir';
import { rules } from './rules';

/**
 * Gradients of the scalar `y` with respect to each of `wrt` (null where `y` does not depend on it).
 * The backward ops are appended to `g`.
 */
export function gradients(g: GraphBuilder, y: Tensor, wrt: readonly Tensor[]): (Tensor | null)[] {
  if (y.rank !== 0) throw new PraxisError(ErrorCodes.GRAPH_SHAPE, `gradients: the loss must be a scalar, got shape [${y.shape.join(',')}]`, 'Reduce the loss with reduceMean or reduceSum first.');
  const nodes = g.nodes.slice(); // a snapshot: rules append nodes while we walk

  // Forward: which tensors depend on some `wrt` through differentiable edges.
  const live = new Set<Tensor>(wrt);
  for (const n of nodes) {
    if (n.op === 'StopGradient') continue;
    const ins = n.op === 'ModeSelect' ? [n.inputs[0]] : n.inputs;
    if (ins.some((i) => i && live.has(i))) for (const o of n.outputs) if (isFloat(o.dtype)) live.add(o);
  }

  const grads = new Map<Tensor, Tensor>();
  const accumulate = (t: Tensor, d: Tensor) => {
    const prev = grads.get(t);
    grads.set(t, prev ? g.add(prev, d) : d);
  };
  if (live.has(y)) grads.set(y, g.scalarLike(y, 1));

  for (let k = nodes.length - 1; k >= 0; k--) {
    const n = nodes[k];
    const gy = n.outputs.map((o) => grads.get(o) ?? null);
    if (gy.every((d) => d === null)) continue;
    const need = n.inputs.map((i) => !!i && live.has(i));
    if (!need.some(Boolean)) continue;
    const rule = rules[n.op];
    if (!rule) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `autodiff: no gradient for op ${n.op}`, 'Wrap the value in stopGradient, or build it from ops that have gradients.', { op: n.op });
    }
    // Single-output nodes always have gy[0] here; multi-output rules (Split) read `all` instead.
    const dx = rule(g, n, gy.find((d) => d !== null) as Tensor, need, gy);
    n.inputs.forEach((i, j) => {
      const d = dx[j];
      if (i && need[j] && d) accumulate(i, d);
    });
  }
  return wrt.map((t) => grads.get(t) ?? null);
}
