// The planner's rollout as one graph: H predictor steps unrolled over a sliding history window, the probe
// decoding every predicted latent, and the normalisation of actions in and observations out, so a whole
// batch of candidate plans is one ORT call instead of H predictor calls plus a probe call plus JS glue
// between them. Every step reuses the predictor's parameters by name, so the trained weights drop in as
// they do into predictor.onnx and probe.onnx, and the results match the step-by-step rollout.
import { GraphBuilder, type ParamOptions, type Shape, type Tensor } from '../engine';
import type { JepaConfig } from './config';
import { probeDecode } from './jepa-graph';
import { dense, projector, rowwise } from './layers';
import { encodeActions } from './predictor';

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

/** Multi-head attention of queries [N, Tq, D] over keys and values [N, T, D]; `mask` for causal windows. */
function attend(g: GraphBuilder, q: Tensor, k: Tensor, v: Tensor, heads: number, mask: Tensor | null): Tensor {
  const [N, Tq, D] = q.shape;
  const T = k.shape[1];
  const dh = D / heads;
  const split = (t: Tensor, n: number) => g.transpose(g.reshape(t, [N, n, heads, dh]), [0, 2, 1, 3]);
  const kT = g.transpose(g.reshape(k, [N, T, heads, dh]), [0, 2, 3, 1]);
  let scores = g.mul(g.matmul(split(q, Tq), kT), 1 / Math.sqrt(dh));
  if (mask) scores = g.add(scores, mask);
  const att = g.matmul(g.softmax(scores, -1), split(v, T));
  return g.reshape(g.transpose(att, [0, 2, 1, 3]), [N, Tq, D]);
}

function causalMask(g: GraphBuilder, t: number): Tensor {
  const mask = new Float64Array(t * t);
  for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) mask[i * t + j] = -1e9;
  return g.constant(mask, [t, t]);
}

/**
 * One predictor step (predictor.ts's predictLatents + the pred projector) computed for the window's last
 * token only, from per-token parts computed once per rollout: the latents' input projections (without the
 * position term, which is added here: input_proj(l + pos) = l·W + (pos·W + b)) and the actions' AdaLN
 * modulations per block (an action block sits in up to `history` windows). The last transformer block needs
 * the earlier tokens only as keys and values, and the output layers only the last token: about half the
 * predictor's arithmetic per step, with the same result.
 */
function predictLast(g: GraphBuilder, c: JepaConfig, proj: Tensor[], mods: Tensor[][], latest: Tensor): Tensor {
  const p = c.predictor;
  const D = p.dim;
  const T = proj.length;
  const name = 'predictor';
  const pos = g.param(`${name}.pos_embedding`, [c.history, c.latentDim]);
  const posT = T === c.history ? pos : g.slice(pos, [0], [T], [0]);
  const posProj = dense(g, posT, D, `${name}.input_proj`); // [T, D]: pos·W + b
  let x = g.add(T === 1 ? proj[0] : g.concat(proj, 1), posProj); // [N, T, D]
  const ln = (t: Tensor) => g.layerNorm(t, null, null, { epsilon: 1e-6 });
  const modulate = (t: Tensor, shift: Tensor, scale: Tensor) => g.add(g.mul(ln(t), g.add(scale, 1)), shift);
  const mask = T > 1 ? causalMask(g, T) : null;
  for (let i = 0; i < p.depth; i++) {
    const b = `${name}.blocks.${i}`;
    const mod = T === 1 ? mods[i][0] : g.concat(mods[i], 1); // [N, T, 6D]
    const [shift1, scale1, gate1, shift2, scale2, gate2] = g.split(mod, [D, D, D, D, D, D], 2);
    const h = modulate(x, shift1, scale1);
    const qkv = rowwise(g, h, (r) => dense(g, r, 3 * D, `${b}.attn.qkv`));
    const [q, k, v] = g.split(qkv, [D, D, D], 2);
    const lastOnly = i === p.depth - 1;
    const pick = (t: Tensor) => (lastOnly && T > 1 ? g.slice(t, [T - 1], [T], [1]) : t);
    const att = attend(g, pick(q), k, v, p.heads, lastOnly ? null : mask);
    const xa = g.add(pick(x), g.mul(pick(gate1), rowwise(g, att, (r) => dense(g, r, D, `${b}.attn.out`))));
    const ff = rowwise(g, modulate(xa, pick(shift2), pick(scale2)), (r) => dense(g, g.gelu(dense(g, r, p.mlpDim, `${b}.mlp.fc1`)), D, `${b}.mlp.fc2`));
    x = g.add(xa, g.mul(pick(gate2), ff));
  }
  const gain = g.param(`${name}.norm.weight`, [D]);
  const bias = g.param(`${name}.norm.bias`, [D]);
  const out = rowwise(g, g.layerNorm(x, gain, bias), (r) => dense(g, r, c.latentDim, `${name}.output_proj`));
  const pred = projector(g, out, c.projectorHidden, c.latentDim, 'pred_proj');
  return c.residual ? g.add(latest, pred) : pred;
}

export function buildRolloutGraph(c: JepaConfig, norm: RolloutNormaliser, shape: RolloutShape): { g: GraphBuilder; latents: Tensor; observations: Tensor } {
  const { count: N, horizon: H, context: C } = shape;
  const Z = c.latentDim;
  const D = c.predictor.dim;
  const B = c.frameskip * c.actDim;
  const g = new SharedParams('rollout', { dtype: 'float32' });
  const blockMean = g.constant(Array.from({ length: B }, (_, i) => norm.actMean[i % c.actDim]), [B]);
  const blockScale = g.constant(Array.from({ length: B }, (_, i) => 1 / norm.actStd[i % c.actDim]), [B]);
  const standardise = (x: Tensor) => g.mul(g.sub(x, blockMean), blockScale);
  const ctxLat = g.input(ROLLOUT_IO.contextLatents, [N, C, Z]);
  const cand = standardise(g.input(ROLLOUT_IO.candidates, [N, H, B]));
  const actions = C > 1 ? g.concat([standardise(g.input(ROLLOUT_IO.contextActions, [N, C - 1, B])), cand], 1) : cand;
  // Every action block's AdaLN modulations, once: [N, C − 1 + H, 6D] per transformer block.
  const cond = g.silu(rowwise(g, encodeActions(g, actions, c), (r) => dense(g, r, D, 'predictor.cond_proj')));
  const mods = Array.from({ length: c.predictor.depth }, (_, i) => rowwise(g, cond, (r) => dense(g, r, 6 * D, `predictor.blocks.${i}.adaln`, 'zeros')));
  const modAt = (i: number, t: number) => g.slice(mods[i], [t], [t + 1], [1]);
  const inputWeight = g.param('predictor.input_proj.weight', [Z, D]);
  const project = (l: Tensor) => g.matmul(l, inputWeight); // [N, 1, D], the position term comes per window
  const lat: Tensor[] = [];
  const proj: Tensor[] = [];
  for (let i = 0; i < C; i++) {
    lat.push(g.slice(ctxLat, [i], [i + 1], [1]));
    proj.push(project(lat[i]));
  }
  const predicted: Tensor[] = [];
  for (let s = 0; s < H; s++) {
    const T = Math.min(lat.length, c.history);
    const first = lat.length - T; // index of the window's first latent; its action is action `first`
    const windowMods = Array.from({ length: c.predictor.depth }, (_, i) => Array.from({ length: T }, (_, j) => modAt(i, first + j)));
    const next = predictLast(g, c, proj.slice(first), windowMods, lat[lat.length - 1]);
    predicted.push(next);
    lat.push(next);
    proj.push(project(next));
  }
  const latents = H === 1 ? predicted[0] : g.concat(predicted, 1);
  const decoded = probeDecode(g, g.reshape(latents, [N * H, Z]), c);
  const raw = g.add(g.mul(decoded, g.constant(norm.obsStd, [c.obsDim])), g.constant(norm.obsMean, [c.obsDim]));
  return { g, latents, observations: g.reshape(raw, [N, H, c.obsDim]) };
}
