import { describe, expect, it } from 'vitest';
import { emitModel, GraphBuilder, openSession } from '../engine';
import * as ort from 'onnxruntime-node';
import { normalSource } from '../trainer/seeded-random';
import { sigregLoss } from './sigreg';
import { sigregReference, unitColumns } from './sigreg-reference';

describe('SIGReg graph', () => {
  it('computes the reference statistic (float64 graph against the Float64 reference)', async () => {
    const [T, N, Z, M] = [2, 24, 5, 7];
    const g = new GraphBuilder('sigreg', { dtype: 'float64' });
    const z = g.input('z', [T, N, Z]);
    const a = g.input('a', [Z, M]);
    const out = sigregLoss(g, z, a);
    const session = await openSession(emitModel(g, { outputs: { s: out }, mode: 'eval' }).bytes, { threads: 1 });
    const n = normalSource(12);
    const zv = Float64Array.from({ length: T * N * Z }, () => 0.7 * n() + 0.2);
    const av = Float64Array.from({ length: Z * M }, () => n());
    unitColumns(av, Z, M);
    const res = await session.run({ z: new ort.Tensor('float64', zv, [T, N, Z]), a: new ort.Tensor('float64', av, [Z, M]) });
    expect(Number((res.s.data as Float64Array)[0])).toBeCloseTo(sigregReference(zv, T, N, Z, av, M), 10);
    await session.release();
  });
});
