// LeWM's action-conditioned predictor: a causal transformer over the history of latents, where each token's
// action embedding enters every block through AdaLN-zero (DiT): it sets the shift, scale and gate of both
// sub-layers, and the modulation weights start at zero, so at initialisation every block is the identity
// and the action's influence is learnt from there.
import type { GraphBuilder, Tensor } from '../engine';
import type { JepaConfig } from './config';
import { dense, rowwise } from './layers';

function causalMask(g: GraphBuilder, t: number): Tensor {
  const mask = new Float64Array(t * t);
  for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) mask[i * t + j] = -1e9;
  return g.constant(mask, [t, t], g.dtype);
}

function attention(g: GraphBuilder, h: Tensor, heads: number, dropout: number, name: string): Tensor {
  const [B, T, D] = h.shape;
  const dh = D / heads;
  const qkv = rowwise(g, h, (r) => dense(g, r, 3 * D, `${name}.qkv`));
  const [q, k, v] = g.split(qkv, [D, D, D], 2);
  const heads4 = (t: Tensor) => g.transpose(g.reshape(t, [B, T, heads, dh]), [0, 2, 1, 3]);
  const kT = g.transpose(g.reshape(k, [B, T, heads, dh]), [0, 2, 3, 1]);
  const scores = g.add(g.mul(g.matmul(heads4(q), kT), 1 / Math.sqrt(dh)), causalMask(g, T));
  const att = g.matmul(g.softmax(scores, -1), heads4(v));
  const merged = g.reshape(g.transpose(att, [0, 2, 1, 3]), [B, T, D]);
  return g.dropout(
    rowwise(g, merged, (r) => dense(g, r, D, `${name}.out`)),
    dropout,
    `${name}.drop`,
  );
}

function feedForward(g: GraphBuilder, h: Tensor, mlpDim: number, dropout: number, name: string): Tensor {
  const D = h.shape[2];
  return rowwise(g, h, (r) => {
    const a = g.dropout(g.gelu(dense(g, r, mlpDim, `${name}.fc1`)), dropout, `${name}.drop1`);
    return g.dropout(dense(g, a, D, `${name}.fc2`), dropout, `${name}.drop2`);
  });
}

/** One AdaLN-zero block; `cond` is per token [B, T, D]. */
function conditionalBlock(g: GraphBuilder, x: Tensor, cond: Tensor, c: JepaConfig['predictor'], name: string): Tensor {
  const D = x.shape[2];
  const mod = rowwise(g, g.silu(cond), (r) => dense(g, r, 6 * D, `${name}.adaln`, 'zeros'));
  const [shift1, scale1, gate1, shift2, scale2, gate2] = g.split(mod, [D, D, D, D, D, D], 2);
  const modulate = (t: Tensor, shift: Tensor, scale: Tensor) => g.add(g.mul(g.layerNorm(t, null, null, { epsilon: 1e-6 }), g.add(scale, 1)), shift);
  const x1 = g.add(x, g.mul(gate1, attention(g, modulate(x, shift1, scale1), c.heads, c.dropout, `${name}.attn`)));
  return g.add(x1, g.mul(gate2, feedForward(g, modulate(x1, shift2, scale2), c.mlpDim, c.dropout, `${name}.mlp`)));
}

/**
 * Predict, at every position t of the history, the latent that follows it: latents [B, T, Z] and action
 * embeddings [B, T, Z] in, predictions [B, T, Z] out. Causal: position t sees positions ≤ t only, so a
 * shorter history is a prefix of the window and the rest of the window does not change its prediction.
 */
export function predictLatents(g: GraphBuilder, latents: Tensor, actEmb: Tensor, c: JepaConfig, name = 'predictor'): Tensor {
  const [, T, Z] = latents.shape;
  const p = c.predictor;
  if (p.dim % p.heads !== 0) throw new RangeError(`predictor width ${p.dim} is not divisible by ${p.heads} heads`);
  const pos = g.param(`${name}.pos_embedding`, [c.history, Z], { init: { normal: 0.02 }, group: 'no_decay' });
  const posT = T === c.history ? pos : g.slice(pos, [0], [T], [0]);
  let x = rowwise(g, g.add(latents, posT), (r) => dense(g, r, p.dim, `${name}.input_proj`));
  const cond = rowwise(g, actEmb, (r) => dense(g, r, p.dim, `${name}.cond_proj`));
  for (let i = 0; i < p.depth; i++) x = conditionalBlock(g, x, cond, p, `${name}.blocks.${i}`);
  const gain = g.param(`${name}.norm.weight`, [p.dim], { init: 'ones', group: 'no_decay' });
  const bias = g.param(`${name}.norm.bias`, [p.dim], { init: 'zeros', group: 'no_decay' });
  x = g.layerNorm(x, gain, bias);
  return rowwise(g, x, (r) => dense(g, r, Z, `${name}.output_proj`));
}

/** LeWM's action encoder: a per-block linear mix (their kernel-1 Conv1d), then Linear → SiLU → Linear. */
export function encodeActions(g: GraphBuilder, blocks: Tensor, c: JepaConfig, name = 'action_encoder'): Tensor {
  return rowwise(g, blocks, (r) => {
    const mixed = dense(g, r, r.shape[1], `${name}.patch`);
    return dense(g, g.silu(dense(g, mixed, c.actionHidden, `${name}.fc1`)), c.latentDim, `${name}.fc2`);
  });
}
