// Gradient checking against central finite differences, run through onnxruntime like everything else.
// Use float64 graphs: with h = 1e-6 the difference quotient is accurate to ~1e-9, so disagreements are bugs.
import { ErrorCodes, PraxisError } from '../../../api';
import type { GraphBuilder } from '../graph/builder';
import { floatArray, type FloatArray } from '../graph/dtype';
import { emitModel } from '../graph/emit';
import type { Tensor } from '../graph/ir';
import { fillNormal, hashSeed } from '../graph/rng';
import { openSession, type ort, ortTensor } from '../runtime/session';
import { gradients } from './grad';

export interface GradCheckOptions {
  /** Tensors (inputs or parameters) to differentiate; all float leaves when omitted. */
  wrt?: Tensor[];
  /** Values for some leaves; the rest get seeded standard-normal values. */
  values?: Record<string, FloatArray | BigInt64Array | Uint8Array>;
  h?: number;
  seed?: number;
}

export interface GradCheckResult {
  /** Per checked tensor: max |analytic − numeric| / max(1, max |numeric|). */
  errors: Record<string, number>;
  maxError: number;
  analytic: Record<string, FloatArray>;
  numeric: Record<string, FloatArray>;
}

/** Compare autodiff gradients of the scalar `loss` with central differences. Appends the backward to `g`. */
export async function checkGradients(g: GraphBuilder, loss: Tensor, o: GradCheckOptions = {}): Promise<GradCheckResult> {
  const leaves = [...g.inputs, ...g.params.map((p) => p.tensor), ...g.buffers.map((b) => b.tensor)];
  const wrt = o.wrt ?? leaves.filter((t) => t.dtype === g.dtype);
  const grads = gradients(g, loss, wrt);
  const outputs: Record<string, Tensor> = { loss };
  grads.forEach((d, i) => {
    if (d) outputs[`grad/${wrt[i].name}`] = d;
  });
  const model = emitModel(g, { outputs, mode: 'train' });
  const session = await openSession(model.bytes, { threads: 1 });
  try {
    const data = new Map<Tensor, FloatArray | BigInt64Array | Uint8Array>();
    for (const t of model.inputs) {
      const given = o.values?.[t.name];
      if (given) data.set(t, given);
      else if (t.dtype === 'float32' || t.dtype === 'float64') {
        const a = floatArray(t.dtype, t.size);
        fillNormal(a, hashSeed(o.seed ?? 1, t.name));
        data.set(t, a);
      } else throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `gradcheck: give a value for non-float input '${t.name}'`);
    }
    const run = async () => {
      const feeds: Record<string, ort.Tensor> = {};
      for (const [t, a] of data) feeds[t.name] = ortTensor(t.dtype, a, t.shape);
      return session.run(feeds);
    };
    const base = await run();
    const h = o.h ?? 1e-6;
    const res: GradCheckResult = { errors: {}, maxError: 0, analytic: {}, numeric: {} };
    for (let i = 0; i < wrt.length; i++) {
      const t = wrt[i];
      const x = data.get(t) as FloatArray | undefined;
      const numeric = floatArray(g.dtype, t.size);
      const analytic = grads[i] ? (base[`grad/${t.name}`].data as FloatArray) : floatArray(g.dtype, t.size);
      if (x) {
        for (let k = 0; k < x.length; k++) {
          const keep = x[k];
          x[k] = keep + h;
          const up = Number((await run()).loss.data[0]);
          x[k] = keep - h;
          const down = Number((await run()).loss.data[0]);
          x[k] = keep;
          numeric[k] = (up - down) / (2 * h);
        }
      }
      let scale = 1;
      let diff = 0;
      for (let k = 0; k < numeric.length; k++) {
        scale = Math.max(scale, Math.abs(numeric[k]));
        diff = Math.max(diff, Math.abs(numeric[k] - analytic[k]));
      }
      res.errors[t.name] = diff / scale;
      res.maxError = Math.max(res.maxError, diff / scale);
      res.analytic[t.name] = analytic;
      res.numeric[t.name] = numeric;
    }
    return res;
  } finally {
    await session.release();
  }
}
