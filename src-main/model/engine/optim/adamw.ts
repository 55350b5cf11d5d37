// AdamW as graph ops over the flat parameter vector, following torch.optim.AdamW (bias correction,
// decoupled weight decay applied as p·(1 − lr·wd) before the Adam update). Group settings become
// per-element vectors only when groups differ, so the common case stays scalar.
import type { GraphBuilder } from '../graph/builder';
import type { Tensor } from '../graph/ir';

export interface GroupSettings {
  weightDecay?: number;
  /** Multiplies the learning rate for this group. */
  lrScale?: number;
}

export interface AdamWConfig {
  beta1: number;
  beta2: number;
  eps: number;
  /** Default weight decay; the 'no_decay' group gets 0 unless `groups` says otherwise. */
  weightDecay: number;
  groups: Record<string, GroupSettings>;
}

export function adamw(cfg: Partial<AdamWConfig> = {}): AdamWConfig {
  return {
    beta1: cfg.beta1 ?? 0.9,
    beta2: cfg.beta2 ?? 0.999,
    eps: cfg.eps ?? 1e-8,
    weightDecay: cfg.weightDecay ?? 0.01,
    groups: { no_decay: { weightDecay: 0 }, ...(cfg.groups ?? {}) },
  };
}

export interface FlatSegment {
  group: string;
  /** Values, a whole number of rows (the flat vector pads each parameter to a row boundary). */
  size: number;
  /** No gradient reaches it (frozen, or unused by the loss): like torch, leave it alone, weight decay included. */
  frozen?: boolean;
}

export interface AdamWState {
  /** The flat vectors as [rows, rowSize]: settings that differ per group vary per row only. */
  params: Tensor;
  m: Tensor;
  v: Tensor;
  /** 1-based number of this update, as a float scalar. */
  step: Tensor;
  lr: Tensor;
}

/**
 * Per-group settings over the flat vector: a scalar when all segments agree, else one value per row ([rows, 1]),
 * which broadcasts over the row. Segments start on row boundaries, so no per-element vector (and no pass over
 * the parameters to build one each step) is needed.
 */
function perRow(g: GraphBuilder, segs: readonly FlatSegment[], rowSize: number, value: (s: FlatSegment) => number): Tensor {
  const vals = segs.map(value);
  if (vals.every((v) => v === vals[0])) return g.constant(vals[0] ?? 0, [], g.dtype);
  const rows = segs.reduce((a, s) => a + s.size / rowSize, 0);
  const out = new Float64Array(rows);
  let at = 0;
  segs.forEach((s, i) => {
    out.fill(vals[i], at, at + s.size / rowSize);
    at += s.size / rowSize;
  });
  return g.constant(out, [rows, 1], g.dtype);
}

/**
 * Emit one AdamW update; returns the new parameters and moments. `gradScale` (a scalar, e.g. the clipping
 * coefficient) multiplies the gradient; `gradSquared`, if given, is grad² already computed for the norm.
 * Scalars are folded so that each pass over the flat vector does one thing: a dozen passes in all.
 */
export function adamwUpdate(
  g: GraphBuilder,
  cfg: AdamWConfig,
  segs: readonly FlatSegment[],
  s: AdamWState,
  grad: Tensor,
  o: { gradScale?: Tensor; gradSquared?: Tensor } = {},
) {
  const setting = (grp: string) => cfg.groups[grp] ?? {};
  const rowSize = s.params.shape[s.params.rank - 1];
  const wd = perRow(g, segs, rowSize, (sg) => (sg.frozen ? 0 : (setting(sg.group).weightDecay ?? cfg.weightDecay)));
  const lrScale = perRow(g, segs, rowSize, (sg) => (sg.frozen ? 0 : (setting(sg.group).lrScale ?? 1)));
  const lr = g.mul(s.lr, lrScale);
  const scale = o.gradScale ?? g.scalarLike(s.step, 1);

  const bc1 = g.sub(1, g.pow(g.scalarLike(s.step, cfg.beta1), s.step));
  const bc2 = g.sub(1, g.pow(g.scalarLike(s.step, cfg.beta2), s.step));
  // m' = β1·m + (1−β1)·c·g and v' = β2·v + (1−β2)·c²·g², with c the clipping coefficient.
  const m = g.add(g.mul(s.m, cfg.beta1), g.mul(grad, g.mul(scale, 1 - cfg.beta1)));
  const g2 = o.gradSquared ?? g.square(grad);
  const v = g.add(g.mul(s.v, cfg.beta2), g.mul(g2, g.mul(g.square(scale), 1 - cfg.beta2)));
  // torch: p' = p·(1 − lr·wd) − (lr / bc1)·m' / (√v' / √bc2 + ε). Multiplying through by √bc2 moves the
  // bias correction into scalars: p' = p·(1 − lr·wd) − (lr·√bc2 / bc1)·m' / (√v' + ε·√bc2).
  const sqrtBc2 = g.sqrt(bc2);
  const denom = g.add(g.sqrt(v), g.mul(sqrtBc2, cfg.eps));
  const params = g.sub(g.mul(s.params, g.sub(1, g.mul(lr, wd))), g.mul(g.div(m, denom), g.div(g.mul(lr, sqrtBc2), bc1)));
  return { params, m, v };
}

/**
 * Global-norm clipping as torch.nn.utils.clip_grad_norm_: the gradient scale min(1, maxNorm / (‖g‖ + 1e-6)).
 */
export function clipCoefficient(g: GraphBuilder, norm: Tensor, maxNorm: number): Tensor {
  return g.clip(g.div(g.scalarLike(norm, maxNorm), g.add(norm, 1e-6)), 0, 1);
}
