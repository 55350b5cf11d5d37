// A plain MLP regressor, the engine's smallest complete model: used by the tests, the AdamW reference
// check against PyTorch and the training bench. Layout mirrors torch: Linear → GELU → … → Linear.
import { GraphBuilder } from '../graph/builder';
import type { FloatDType } from '../graph/dtype';
import type { Tensor } from '../graph/ir';

export interface MlpConfig {
  batch: number;
  /** Layer widths, input first: [in, hidden…, out]. */
  widths: readonly number[];
  dtype?: FloatDType;
  seed?: number;
  /** GELU form: 'erf' (torch default) or 'tanh' (exact in float64 gradient checks). */
  gelu?: 'erf' | 'tanh';
}

export interface MlpModel {
  g: GraphBuilder;
  x: Tensor;
  y: Tensor;
  pred: Tensor;
  loss: Tensor;
}

/** Parameter names are `l{i}.weight` ([in, out]) and `l{i}.bias`; the loss is the mean squared error. */
export function buildMlp(c: MlpConfig): MlpModel {
  const g = new GraphBuilder('mlp', { dtype: c.dtype ?? 'float32', seed: c.seed ?? 0 });
  const w = c.widths;
  const x = g.input('x', [c.batch, w[0]]);
  const y = g.input('y', [c.batch, w[w.length - 1]]);
  let h = x;
  for (let i = 0; i + 1 < w.length; i++) {
    const W = g.param(`l${i}.weight`, [w[i], w[i + 1]], { init: 'xavier' });
    const b = g.param(`l${i}.bias`, [w[i + 1]], { init: 'zeros', group: 'no_decay' });
    h = g.linear(h, W, b);
    if (i + 2 < w.length) h = g.gelu(h, { approximate: c.gelu ?? 'erf' });
  }
  const loss = g.loss('mse', g.mse(h, y));
  return { g, x, y, pred: h, loss };
}
