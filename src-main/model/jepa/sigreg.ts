// SIGReg as graph ops (see sigreg-reference.ts for the statistic and its sources). The random directions
// are a graph input the trainer resamples every step, already normalised to unit columns, so the graph
// holds no randomness of its own and a resumed run draws the same directions.
import type { GraphBuilder, Tensor } from '../engine';
import { eppsPulleyGrid } from './sigreg-reference';

/** SIGReg of latents [T, N, Z] against unit directions [Z, M]: a scalar. */
export function sigregLoss(g: GraphBuilder, latents: Tensor, directions: Tensor, knots = 17): Tensor {
  const [, n] = latents.shape;
  const grid = eppsPulleyGrid(knots);
  const K = grid.t.length;
  const h = g.matmul(latents, directions); // [T, N, M]
  const x = g.mul(g.unsqueeze(h, [3]), g.constant(grid.t, [K], g.dtype)); // [T, N, M, K]
  const cosMean = g.reduceMean(g.cos(x), [1]); // [T, M, K]
  const sinMean = g.reduceMean(g.sin(x), [1]);
  const err = g.add(g.square(g.sub(cosMean, g.constant(grid.phi, [K], g.dtype))), g.square(sinMean));
  const weighted = g.reduceSum(g.mul(err, g.constant(grid.weights, [K], g.dtype)), [2]); // [T, M]
  return g.mul(g.reduceMean(weighted), n);
}
