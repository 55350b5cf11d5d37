// Observation encoders, one per modality, behind one signature: rows of flat normalised observations in,
// rows of features out. The trainer and the exported interface only ever see `obsDim` floats per frame, so a
// patch-based image encoder slots in here (a new EncoderSpec kind) without touching the trainer.
import type { GraphBuilder, Tensor } from '../engine';
import type { EncoderSpec } from './config';
import { dense } from './layers';

export type EncoderBuild = (g: GraphBuilder, rows: Tensor, spec: EncoderSpec, name: string) => Tensor;

/** State MLP: Linear → GELU per hidden layer, then a linear read-out of `out` features (plus a linear skip of the input). */
const stateMlp: EncoderBuild = (g, rows, spec, name) => {
  const x = spec.inputClip ? g.clip(rows, -spec.inputClip, spec.inputClip) : rows;
  let h = x;
  spec.hidden.forEach((w, i) => {
    h = g.gelu(dense(g, h, w, `${name}.fc${i + 1}`));
  });
  const out = dense(g, h, spec.out, `${name}.out`);
  return spec.skip ? g.add(out, dense(g, x, spec.out, `${name}.skip`)) : out;
};

const ENCODERS: Record<EncoderSpec['kind'], EncoderBuild> = {
  'state-mlp': stateMlp,
};

/** Encode observation rows [N, obsDim] to features [N, spec.out]. */
export function encodeRows(g: GraphBuilder, rows: Tensor, spec: EncoderSpec, name = 'encoder'): Tensor {
  const build = ENCODERS[spec.kind];
  return build(g, rows, spec, name);
}
