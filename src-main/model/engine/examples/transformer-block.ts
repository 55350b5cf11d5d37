// One pre-norm causal transformer block with AdaLN-zero conditioning (DiT-style: a conditioning vector sets
// shift, scale and gate of both sub-layers), the shape of the world model's predictor block.
import { GraphBuilder } from '../graph/builder';
import type { FloatDType } from '../graph/dtype';
import type { Tensor } from '../graph/ir';

export interface TransformerBlockConfig {
  batch: number;
  tokens: number;
  dim: number;
  heads: number;
  /** Width of the conditioning vector (e.g. the action embedding). */
  condDim: number;
  mlpRatio?: number;
  dtype?: FloatDType;
  seed?: number;
  /** GELU form: 'erf' (torch default) or 'tanh' (exact in float64 gradient checks). */
  gelu?: 'erf' | 'tanh';
  /** Std of the modulation weights; AdaLN-zero uses 0, gradient checks need non-zero. */
  modulationStd?: number;
}

export interface TransformerBlockModel {
  g: GraphBuilder;
  x: Tensor;
  cond: Tensor;
  target: Tensor;
  out: Tensor;
  loss: Tensor;
}

/** Causal self-attention over [B, T, D] with `heads` heads; weights [D, D] as x·W. */
export function causalSelfAttention(g: GraphBuilder, h: Tensor, heads: number, prefix: string): Tensor {
  const [B, T, D] = h.shape;
  const dh = D / heads;
  const proj = (name: string) => {
    const W = g.param(`${prefix}.${name}.weight`, [D, D]);
    const b = g.param(`${prefix}.${name}.bias`, [D], { init: 'zeros', group: 'no_decay' });
    return g.linear(h, W, b);
  };
  const split = (t: Tensor) => g.transpose(g.reshape(t, [B, T, heads, dh]), [0, 2, 1, 3]); // [B,H,T,dh]
  const q = split(proj('q'));
  const k = g.transpose(g.reshape(proj('k'), [B, T, heads, dh]), [0, 2, 3, 1]); // [B,H,dh,T]
  const v = split(proj('v'));
  const mask = new Float64Array(T * T);
  for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) mask[i * T + j] = -1e9;
  const scores = g.add(g.mul(g.matmul(q, k), 1 / Math.sqrt(dh)), g.constant(mask, [T, T]));
  const att = g.matmul(g.softmax(scores, -1), v); // [B,H,T,dh]
  const merged = g.reshape(g.transpose(att, [0, 2, 1, 3]), [B, T, D]);
  const Wo = g.param(`${prefix}.o.weight`, [D, D]);
  const bo = g.param(`${prefix}.o.bias`, [D], { init: 'zeros', group: 'no_decay' });
  return g.linear(merged, Wo, bo);
}

export function buildTransformerBlock(c: TransformerBlockConfig): TransformerBlockModel {
  const g = new GraphBuilder('block', { dtype: c.dtype ?? 'float32', seed: c.seed ?? 0 });
  const { batch: B, tokens: T, dim: D, condDim: C } = c;
  const hidden = D * (c.mlpRatio ?? 4);
  const x = g.input('x', [B, T, D]);
  const cond = g.input('cond', [B, C]);
  const target = g.input('target', [B, T, D]);

  const Wm = g.param('mod.weight', [C, 6 * D], { init: { normal: c.modulationStd ?? 0 } });
  const bm = g.param('mod.bias', [6 * D], { init: 'zeros', group: 'no_decay' });
  const mod = g.reshape(g.linear(g.silu(cond), Wm, bm), [B, 1, 6 * D]);
  const [shift1, scale1, gate1, shift2, scale2, gate2] = g.split(mod, [D, D, D, D, D, D], 2);
  const modulate = (t: Tensor, shift: Tensor, scale: Tensor) => g.add(g.mul(g.layerNorm(t, null, null, { epsilon: 1e-6 }), g.add(scale, 1)), shift);

  const a = causalSelfAttention(g, modulate(x, shift1, scale1), c.heads, 'attn');
  const x1 = g.add(x, g.mul(gate1, a));
  const W1 = g.param('mlp.fc1.weight', [D, hidden]);
  const b1 = g.param('mlp.fc1.bias', [hidden], { init: 'zeros', group: 'no_decay' });
  const W2 = g.param('mlp.fc2.weight', [hidden, D]);
  const b2 = g.param('mlp.fc2.bias', [D], { init: 'zeros', group: 'no_decay' });
  const m = g.linear(g.gelu(g.linear(modulate(x1, shift2, scale2), W1, b1), { approximate: c.gelu ?? 'erf' }), W2, b2);
  const out = g.add(x1, g.mul(gate2, m));
  const loss = g.loss('mse', g.mse(out, target));
  return { g, x, cond, target, out, loss };
}
