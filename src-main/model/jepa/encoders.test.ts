// The state encoder's linear skip: with the MLP's read-out silenced, the features are exactly the skip's
// linear map of the observation, so the path that keeps the state easy to decode is really there. And its
// input clip: a frame far out encodes exactly as the same frame clipped, so one wild reading stays bounded.
import { describe, expect, it } from 'vitest';
import { emitModel, GraphBuilder, openSession } from '../engine';
import * as ort from 'onnxruntime-node';
import { encodeRows } from './encoders';

async function features(skip: boolean, silenceMlp: boolean, o: { inputClip?: number; xs?: Float32Array } = {}) {
  const g = new GraphBuilder('enc', { seed: 4 });
  const x = g.input('x', [3, 5]);
  const out = encodeRows(g, x, { kind: 'state-mlp', hidden: [8], out: 4, skip, inputClip: o.inputClip });
  const values = new Map<never, Float32Array>();
  for (const p of g.params) {
    const v = Float32Array.from(p.init as Float32Array);
    if (silenceMlp && p.tensor.name.startsWith('encoder.out.')) v.fill(0);
    values.set(p.tensor as never, v);
  }
  const s = await openSession(emitModel(g, { outputs: { f: out }, mode: 'eval', values }).bytes, { threads: 1 });
  const xs = o.xs ?? Float32Array.from({ length: 15 }, (_, i) => Math.sin(i + 1));
  const f = (await s.run({ x: new ort.Tensor('float32', xs, [3, 5]) })).f.data as Float32Array;
  const param = (n: string) => values.get(g.params.find((p) => p.tensor.name === n)?.tensor as never);
  return { f, xs, names: g.params.map((p) => p.tensor.name), w: param('encoder.skip.weight'), b: param('encoder.skip.bias') };
}

describe('state encoder', () => {
  it('adds a linear skip of the observation when asked, and only then', async () => {
    const plain = await features(false, false);
    expect(plain.names.some((n) => n.startsWith('encoder.skip.'))).toBe(false);
    const { f, xs, w, b } = await features(true, true);
    expect(w?.length).toBe(5 * 4);
    for (let r = 0; r < 3; r++) {
      for (let o = 0; o < 4; o++) {
        let want = b?.[o] ?? 0;
        for (let i = 0; i < 5; i++) want += xs[r * 5 + i] * (w?.[i * 4 + o] ?? 0);
        expect(f[r * 4 + o]).toBeCloseTo(want, 5);
      }
    }
    expect(Array.from(f).some((v) => Math.abs(v) > 1e-3)).toBe(true);
  });

  it('clips the normalised input when asked: a frame 20 σ out encodes as the frame at the clip', async () => {
    const wild = Float32Array.from({ length: 15 }, (_, i) => (i === 7 ? 20 : i === 11 ? -20 : Math.sin(i + 1)));
    const clipped = wild.map((v) => Math.max(-3, Math.min(3, v)));
    const a = await features(true, false, { inputClip: 3, xs: wild });
    const b = await features(true, false, { inputClip: 3, xs: clipped });
    const unclipped = await features(true, false, { xs: wild });
    expect(Array.from(a.f)).toEqual(Array.from(b.f));
    expect(Array.from(unclipped.f)).not.toEqual(Array.from(a.f));
  });
});
