// The layers the JEPA is made of, as graph-building functions with named parameters: the same names in the
// training graph and every inference graph, which is how trained weights find their place on export.
import type { GraphBuilder, Tensor } from '../engine';

/** x·W + b with W [in, out]; parameters `${name}.weight`, `${name}.bias`. */
export function dense(g: GraphBuilder, x: Tensor, out: number, name: string, init: 'xavier' | 'zeros' = 'xavier'): Tensor {
  const inDim = x.shape[x.rank - 1];
  const w = g.param(`${name}.weight`, [inDim, out], { init });
  const b = g.param(`${name}.bias`, [out], { init: 'zeros', group: 'no_decay' });
  return g.linear(x, w, b);
}

/** Apply a 2-D layer to the last axis of an N-D tensor by folding the leading axes into one. */
export function rowwise(g: GraphBuilder, x: Tensor, f: (rows: Tensor) => Tensor): Tensor {
  if (x.rank === 2) return f(x);
  const lead = x.shape.slice(0, -1);
  const y = f(g.reshape(x, [-1, x.shape[x.rank - 1]]));
  return g.reshape(y, [...lead, y.shape[1]]);
}

/**
 * LeWM's projector: Linear → BatchNorm1d → GELU → Linear. No final LayerNorm: LeWM found one blocks SIGReg
 * from shaping the latent distribution. `frozen`: its BatchNorm keeps its running statistics (a projector
 * whose weights are not being trained).
 */
export function projector(g: GraphBuilder, x: Tensor, hidden: number, out: number, name: string, frozen = false): Tensor {
  return rowwise(g, x, (rows) => {
    const h = g.gelu(g.batchNorm(dense(g, rows, hidden, `${name}.fc1`), `${name}.bn`, { frozen }));
    return dense(g, h, out, `${name}.fc2`);
  });
}
