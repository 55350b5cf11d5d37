// The planner's rollout as one graph: H predictor steps unrolled over a sliding history window, the probe
// decoding every predicted latent, and the normalisation of actions in and observations out, so a whole
// batch of candidate plans is one ORT call instead of H predictor calls plus a probe call plus JS glue
// between them. Every step reuses the predictor's parameters by name, so the trained weights drop in as
// they do into predictor.onnx and probe.onnx, and the results match the step-by-step rollout.
import { GraphBuilder, type ParamOptions, type Shape, type Tensor } from '../engine';
import type { JepaConfig } from './config';
import { predictNext, probeDecode } from './jepa-graph';

/** The rollout model's inputs and outputs. */
export const ROLLOUT_IO = {
  /** [N, c, Z] the latents of the context, per candidate (c ≤ history). */
  contextLatents: 'context_latents',
  /** [N, c − 1, blockDim] raw action blocks between them (absent when c = 1). */
  contextActions: 'context_actions',
  /** [N, H, blockDim] raw candidate action blocks. */
  candidates: 'candidates',
  /** [N, H, Z] predicted latents. */
  latents: 'latents',
  /** [N, H, obsDim] probe-decoded predicted observations, raw units. */
  observations: 'observations',
} as const;

export interface RolloutShape {
  count: number;
  horizon: number;
  /** Context latents, 1 ≤ context ≤ history. */
  context: number;
}

export interface RolloutNormaliser {
  obsMean: readonly number[];
  obsStd: readonly number[];
  actMean: readonly number[];
  actStd: readonly number[];
}

/** A builder in which a parameter or buffer asked for twice by name is the same tensor (one predictor, H uses). */
class SharedParams extends GraphBuilder {
  private readonly shared = new Map<string, Tensor>();

  override param(name: string, shape: Shape, opts: ParamOptions = {}): Tensor {
    const t = this.shared.get(name) ?? super.param(name, shape, opts);
    this.shared.set(name, t);
    return t;
  }

  override buffer(name: string, shape: Shape, init?: Parameters<GraphBuilder['buffer']>[2]): Tensor {
    const t = this.shared.get(name) ?? super.buffer(name, shape, init);
    this.shared.set(name, t);
    return t;
  }
}

export function buildRolloutGraph(c: JepaConfig, norm: RolloutNormaliser, shape: RolloutShape): { g: GraphBuilder; latents: Tensor; observations: Tensor } {
  const { count: N, horizon: H, context: C } = shape;
  const Z = c.latentDim;
  const B = c.frameskip * c.actDim;
  const g = new SharedParams('rollout', { dtype: 'float32' });
  const blockMean = g.constant(Array.from({ length: B }, (_, i) => norm.actMean[i % c.actDim]), [B]);
  const blockScale = g.constant(Array.from({ length: B }, (_, i) => 1 / norm.actStd[i % c.actDim]), [B]);
  const standardise = (x: Tensor) => g.mul(g.sub(x, blockMean), blockScale);
  const ctxLat = g.input(ROLLOUT_IO.contextLatents, [N, C, Z]);
  const cand = standardise(g.input(ROLLOUT_IO.candidates, [N, H, B]));
  const lat: Tensor[] = [];
  const act: Tensor[] = [];
  for (let i = 0; i < C; i++) lat.push(g.slice(ctxLat, [i], [i + 1], [1]));
  if (C > 1) {
    const ctxAct = standardise(g.input(ROLLOUT_IO.contextActions, [N, C - 1, B]));
    for (let i = 0; i < C - 1; i++) act.push(g.slice(ctxAct, [i], [i + 1], [1]));
  }
  const predicted: Tensor[] = [];
  for (let s = 0; s < H; s++) {
    act.push(g.slice(cand, [s], [s + 1], [1]));
    const T = Math.min(lat.length, c.history);
    const window = (xs: Tensor[]) => (T === 1 ? xs[xs.length - 1] : g.concat(xs.slice(xs.length - T), 1));
    const pred = predictNext(g, window(lat), window(act), c);
    const next = T === 1 ? pred : g.slice(pred, [T - 1], [T], [1]);
    predicted.push(next);
    lat.push(next);
  }
  const latents = H === 1 ? predicted[0] : g.concat(predicted, 1);
  const decoded = probeDecode(g, g.reshape(latents, [N * H, Z]), c);
  const raw = g.add(g.mul(decoded, g.constant(norm.obsStd, [c.obsDim])), g.constant(norm.obsMean, [c.obsDim]));
  return { g, latents, observations: g.reshape(raw, [N, H, c.obsDim]) };
}
