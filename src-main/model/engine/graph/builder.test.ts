import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { openSession, ort } from '../runtime/session';
import { GraphBuilder } from './builder';
import { emitModel, OPSET } from './emit';

const { onnx } = onnxProto;

describe('GraphBuilder shape inference', () => {
  it('infers broadcast, matmul, reduce and reshape shapes at build time', () => {
    const g = new GraphBuilder('shapes');
    const x = g.input('x', [8, 1, 5]);
    const y = g.input('y', [4, 5]);
    expect(g.add(x, y).shape).toEqual([8, 4, 5]);
    expect(g.matmul(g.input('a', [2, 3, 4, 6]), g.input('b', [6, 7])).shape).toEqual([2, 3, 4, 7]);
    expect(g.reduceMean(x, [0, 2], true).shape).toEqual([1, 1, 1]);
    expect(g.reduceSum(x, [-1]).shape).toEqual([8, 1]);
    expect(g.reshape(x, [-1, 10]).shape).toEqual([4, 10]);
    expect(g.transpose(y).shape).toEqual([5, 4]);
    expect(g.split(y, [2, 3], 1).map((t) => t.shape)).toEqual([[4, 2], [4, 3]]);
    expect(g.gather(y, g.constant(BigInt64Array.from([1n, 2n, 3n]), [3], 'int64'), 1).shape).toEqual([4, 3]);
  });

  it('names the op and the shapes when a matmul does not fit', () => {
    const g = new GraphBuilder('bad');
    const x = g.input('x', [8, 5]);
    const w = g.param('w', [4, 3]);
    expect(() => g.matmul(x, w)).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE', message: expect.stringMatching(/^MatMul: inner dimensions differ \(5 vs 4\) \(a=\[8,5\], b=\[4,3\]\)/) }));
  });

  it('names the op and the shapes when operands do not broadcast, concat or reshape', () => {
    const g = new GraphBuilder('bad');
    const x = g.input('x', [8, 5]);
    const y = g.input('y', [3, 5]);
    expect(() => g.add(x, y)).toThrow(/^Add: shapes do not broadcast \(a=\[8,5\], b=\[3,5\]\)/);
    expect(() => g.concat([x, g.input('z', [8, 4])], 0)).toThrow(/^Concat: tensors differ off axis 0 \(x0=\[8,5\], x1=\[8,4\]\)/);
    expect(() => g.reshape(x, [7, -1])).toThrow(/^Reshape: 40 elements cannot fill the target/);
    expect(() => g.reduceSum(x, [2])).toThrow(/^ReduceSum: axis 2 is out of range for rank 2/);
    expect(() => g.add(x, g.constant(new Float64Array(5), [5], 'float64'))).toThrow(/^Add: element types differ \(float32 vs float64\)/);
  });

  it('refuses duplicate names', () => {
    const g = new GraphBuilder('dup');
    g.input('x', [1]);
    expect(() => g.param('x', [1])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('initialises parameters from the seed: same seed same values, names and seeds decorrelate', () => {
    const a = new GraphBuilder('a', { seed: 5 });
    const b = new GraphBuilder('b', { seed: 5 });
    const c = new GraphBuilder('c', { seed: 6 });
    a.param('w', [20, 30]);
    b.param('w', [20, 30]);
    c.param('w', [20, 30]);
    a.param('v', [20, 30]);
    expect(a.params[0].init).toEqual(b.params[0].init);
    expect(a.params[0].init).not.toEqual(c.params[0].init);
    expect(a.params[0].init).not.toEqual(a.params[1].init);
    const bound = Math.sqrt(6 / 50);
    const w = Array.from(a.params[0].init);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.9 * bound);
  });
});

describe('ONNX emission', () => {
  it('emits a ModelProto at opset 17 that onnxruntime runs', async () => {
    const g = new GraphBuilder('tiny');
    const x = g.input('x', [2, 3]);
    const w = g.param('w', [3, 2], { init: { values: [1, 2, 3, 4, 5, 6] } });
    const y = g.relu(g.matmul(x, w));
    const m = emitModel(g, { outputs: { y }, mode: 'eval', values: new Map([[w, g.params[0].init]]) });
    const proto = onnx.ModelProto.decode(m.bytes);
    expect(Number(proto.opsetImport[0].version)).toBe(OPSET);
    expect(proto.graph?.input?.map((i) => i.name)).toEqual(['x']);
    expect(proto.graph?.initializer?.map((i) => i.name)).toContain('w');
    const s = await openSession(m.bytes, { threads: 1 });
    const out = await s.run({ x: new ort.Tensor('float32', Float32Array.from([1, 0, 0, 0, 1, -1]), [2, 3]) });
    expect(Array.from(out.y.data as Float32Array)).toEqual([1, 2, 0, 0]);
  });

  it('computes reductions over leading axes (emitted as a ones·x product) and over other axes alike', async () => {
    const g = new GraphBuilder('reduce', { dtype: 'float64' });
    const x = g.input('x', [3, 4, 5]);
    const outs = { s0: g.reduceSum(x, [0]), m01: g.reduceMean(x, [0, 1], true), s2: g.reduceSum(x, [2]), m1: g.reduceMean(x, [1]) };
    const m = emitModel(g, { outputs: outs, mode: 'eval' });
    const xs = Float64Array.from({ length: 60 }, (_, i) => Math.sin(i));
    const r = await (await openSession(m.bytes, { threads: 1 })).run({ x: new ort.Tensor('float64', xs, [3, 4, 5]) });
    const at = (i: number, j: number, k: number) => xs[i * 20 + j * 5 + k];
    const sum = (f: (i: number, j: number, k: number) => boolean) => {
      let t = 0;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 5; k++) if (f(i, j, k)) t += at(i, j, k);
      return t;
    };
    expect(r.s0.dims).toEqual([4, 5]);
    expect((r.s0.data as Float64Array)[7]).toBeCloseTo(sum((_i, j, k) => j === 1 && k === 2), 12);
    expect(r.m01.dims).toEqual([1, 1, 5]);
    expect((r.m01.data as Float64Array)[3]).toBeCloseTo(sum((_i, _j, k) => k === 3) / 12, 12);
    expect((r.s2.data as Float64Array)[6]).toBeCloseTo(sum((i, j) => i === 1 && j === 2), 12);
    expect((r.m1.data as Float64Array)[9]).toBeCloseTo(sum((i, _j, k) => i === 1 && k === 4) / 4, 12);
  });

  it('keeps only what the outputs need, choosing the train or eval branch', () => {
    const g = new GraphBuilder('modes');
    const x = g.input('x', [4]);
    const noise = g.input('noise', [4]);
    const y = g.modeSelect(g.mul(x, noise), x);
    g.input('unused', [4]);
    expect(emitModel(g, { outputs: { y }, mode: 'train' }).inputs.map((t) => t.name)).toEqual(['x', 'noise']);
    expect(emitModel(g, { outputs: { y }, mode: 'eval' }).inputs.map((t) => t.name)).toEqual(['x']);
  });
});
