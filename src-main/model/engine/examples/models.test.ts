// Whole-model gradients against finite differences in float64: an MLP loss and a transformer-block loss
// (attention, causal mask, AdaLN modulation, LayerNorm, GELU). GELU's erf is float32 inside float64 graphs
// (ORT lacks a double Erf), so models with the exact GELU are checked at h = 1e-3 with a loose tolerance
// (the error falls as h grows from 1e-4 to 1e-3: it is float32 noise, not a wrong gradient); the same
// models with the tanh GELU, all-float64, are checked at h = 1e-6 with a 1e-6 tolerance.
import { describe, expect, it } from 'vitest';
import { checkGradients } from '../autodiff/gradcheck';
import { buildMlp } from './mlp';
import { buildTransformerBlock } from './transformer-block';

describe('whole-model gradients match finite differences (float64)', () => {
  it('MLP loss with GELU, all parameters and the input', async () => {
    const m = buildMlp({ batch: 5, widths: [4, 7, 6, 3], dtype: 'float64', seed: 11 });
    const r = await checkGradients(m.g, m.loss, { wrt: [m.x, ...m.g.params.map((p) => p.tensor)], h: 1e-3 });
    expect(r.maxError).toBeLessThan(1e-4);
  });

  it('MLP loss with tanh-GELU at full float64 precision', async () => {
    const m = buildMlp({ batch: 5, widths: [4, 7, 6, 3], dtype: 'float64', seed: 12, gelu: 'tanh' });
    const r = await checkGradients(m.g, m.loss, { wrt: [m.x, ...m.g.params.map((p) => p.tensor)] });
    expect(r.maxError).toBeLessThan(1e-6);
  });

  it('transformer block loss with exact GELU (float32 erf noise bounds the check)', async () => {
    const m = buildTransformerBlock({ batch: 2, tokens: 4, dim: 8, heads: 2, condDim: 3, dtype: 'float64', seed: 5, modulationStd: 0.3 });
    const r = await checkGradients(m.g, m.loss, { wrt: [m.x, m.cond, ...m.g.params.map((p) => p.tensor)], h: 1e-3 });
    expect(r.maxError).toBeLessThan(2e-3);
  });

  it('transformer block loss: attention, causal mask, AdaLN, LayerNorm, tanh-GELU MLP, float64', async () => {
    const m = buildTransformerBlock({ batch: 2, tokens: 4, dim: 8, heads: 2, condDim: 3, dtype: 'float64', seed: 5, modulationStd: 0.3, gelu: 'tanh' });
    const wrt = [m.x, m.cond, ...m.g.params.map((p) => p.tensor)];
    const r = await checkGradients(m.g, m.loss, { wrt });
    expect(Object.keys(r.errors)).toHaveLength(wrt.length);
    expect(r.maxError).toBeLessThan(1e-6);
    // The check is not vacuous: every parameter has a non-zero gradient, except the key bias, to which
    // softmax is invariant (its gradient is exactly zero, and finite differences agree).
    for (const t of wrt.filter((w) => w.name !== 'attn.k.bias')) expect(Math.max(...Array.from(r.analytic[t.name], Math.abs))).toBeGreaterThan(1e-6);
  });
});
