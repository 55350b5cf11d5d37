// Every op's gradient against central finite differences in float64, on seeded random shapes, with
// broadcasting. ORT has float64 kernels for every op here except Erf, which the emitter runs in float32
// between casts: Erf and GELU are therefore checked with h = 1e-3 and a 1e-3 tolerance instead of 1e-6.
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../graph/builder';
import type { Tensor } from '../graph/ir';
import { mulberry32 } from '../graph/rng';
import { checkGradients } from './gradcheck';
import { gradients } from './grad';

const TOL = 1e-6;

function dims(seed: number, n: number): number[] {
  const u = mulberry32(seed);
  return Array.from({ length: n }, () => 3 + Math.floor(u() * 3));
}

function positive(n: number, seed: number): Float64Array {
  const u = mulberry32(seed);
  return Float64Array.from({ length: n }, () => 0.5 + 1.5 * u());
}

/** loss = Σ f(...)·R with a fixed random R, so every output element carries a distinct weight. */
async function check(build: (g: GraphBuilder) => { out: Tensor; wrt: Tensor[] }, o: { values?: Record<string, Float64Array | BigInt64Array>; h?: number } = {}) {
  const g = new GraphBuilder('check', { dtype: 'float64', seed: 3 });
  const { out, wrt } = build(g);
  const r = g.input('__weights', out.shape);
  const loss = g.reduceSum(g.mul(out, r));
  return checkGradients(g, loss, { wrt, values: o.values, h: o.h });
}

const [a, b, c] = dims(7, 3);

const unary: [string, (g: GraphBuilder, x: Tensor) => Tensor, boolean?][] = [
  ['Neg', (g, x) => g.neg(x)],
  ['Exp', (g, x) => g.exp(x)],
  ['Log', (g, x) => g.log(x), true],
  ['Sqrt', (g, x) => g.sqrt(x), true],
  ['Abs', (g, x) => g.abs(x)],
  ['Cos', (g, x) => g.cos(x)],
  ['Sin', (g, x) => g.sin(x)],
  ['Tanh', (g, x) => g.tanh(x)],
  ['Sigmoid', (g, x) => g.sigmoid(x)],
  ['Relu', (g, x) => g.relu(x)],
  ['SiLU', (g, x) => g.silu(x)],
  ['Softmax (last axis)', (g, x) => g.softmax(x, -1)],
  ['Softmax (axis 0)', (g, x) => g.softmax(x, 0)],
  ['Clip', (g, x) => g.clip(x, -0.5, 0.7)],
  ['ReduceSum (axis 1, keepdims)', (g, x) => g.reduceSum(x, [1], true)],
  ['ReduceSum (axes 0,2)', (g, x) => g.reduceSum(x, [0, 2])],
  ['ReduceMean (all)', (g, x) => g.reduceMean(x)],
  ['ReduceSum (leading axes 0,1, keepdims)', (g, x) => g.reduceSum(x, [0, 1], true)],
  ['ReduceMean (leading axis 0)', (g, x) => g.reduceMean(x, [0])],
  ['ReduceMean (axis -1, keepdims)', (g, x) => g.reduceMean(x, [-1], true)],
  ['Reshape', (g, x) => g.reshape(x, [-1, c])],
  ['Transpose', (g, x) => g.transpose(x, [2, 0, 1])],
  ['Unsqueeze + Squeeze', (g, x) => g.squeeze(g.mul(g.unsqueeze(x, [1]), g.unsqueeze(x, [1])), [1])],
  ['Expand', (g, x) => g.expand(g.slice(x, [0], [1], [1]), [2, a, 4, c])],
  ['Slice (two axes, negative end)', (g, x) => g.slice(x, [1, 0], [-1, 2], [1, 2])],
  ['Split', (g, x) => { const [p, q] = g.split(x, [1, c - 1], 2); return g.mul(g.reduceSum(p, [2], true), q); }],
  ['Split (one output unused)', (g, x) => g.split(x, [1, c - 1], 2)[1]],
  ['Concat', (g, x) => g.concat([x, g.square(x), g.slice(x, [0], [1], [1])], 1)],
  ['Gather (axis 0, repeated indices)', (g, x) => g.gather(x, g.constant(BigInt64Array.from([0n, 1n, 0n]), [3], 'int64'), 0)],
  ['Gather (axis 1, 2-D indices)', (g, x) => g.gather(x, g.constant(BigInt64Array.from([1n, 0n, 1n, 1n]), [2, 2], 'int64'), 1)],
  ['LayerNormalization (no affine)', (g, x) => g.layerNorm(x, null, null)],
  ['LayerNormalization over two axes', (g, x) => g.layerNorm(x, null, null, { axis: 1 })],
  ['BatchNorm (train mode, affine)', (g, x) => g.batchNorm(x, 'bn', { axes: [0, 1] })],
  ['Dropout (train branch, fixed noise)', (g, x) => g.dropout(x, 0.3, 'drop')],
  ['GELU, tanh form', (g, x) => g.gelu(x, { approximate: 'tanh' })],
  ['Identity and Sign (zero gradient)', (g, x) => g.add(g.identity(x), g.mul(g.sign(x), 3))],
];

describe('gradients of unary and shape ops match finite differences (float64)', () => {
  for (const [name, f, pos] of unary) {
    it(name, async () => {
      const r = await check(
        (g) => {
          const x = g.input('x', [a, b, c]);
          const out = f(g, x);
          return { out, wrt: [x, ...g.params.map((p) => p.tensor)] };
        },
        pos ? { values: { x: positive(a * b * c, 5) } } : {},
      );
      expect(r.maxError).toBeLessThan(TOL);
    });
  }

  it('Erf and GELU (erf runs in float32 inside float64 graphs)', async () => {
    for (const f of [(g: GraphBuilder, x: Tensor) => g.erf(x), (g: GraphBuilder, x: Tensor) => g.gelu(x)]) {
      const r = await check((g) => {
        const x = g.input('x', [a, b]);
        return { out: f(g, x), wrt: [x] };
      }, { h: 1e-3 });
      expect(r.maxError).toBeLessThan(1e-3);
    }
  });
});

const binary: [string, (g: GraphBuilder, x: Tensor, y: Tensor) => Tensor, number[], number[], boolean?][] = [
  ['Add, y broadcast over rows', (g, x, y) => g.add(x, y), [a, b, c], [c]],
  ['Sub, x broadcast over a middle axis', (g, x, y) => g.sub(x, y), [a, 1, c], [a, b, c]],
  ['Mul, both broadcast', (g, x, y) => g.mul(x, y), [a, 1, c], [1, b, 1]],
  ['Div, scalar divisor', (g, x, y) => g.div(x, y), [a, b], [], true],
  ['Div, broadcast divisor', (g, x, y) => g.div(x, y), [a, b, c], [b, 1], true],
  ['Pow, base and exponent', (g, x, y) => g.pow(x, y), [a, b], [b], true],
  ['MatMul 2-D', (g, x, y) => g.matmul(x, y), [a, b], [b, c]],
  ['MatMul batched × shared weight', (g, x, y) => g.matmul(x, y), [2, a, b], [b, c]],
  ['MatMul batched with broadcast batch', (g, x, y) => g.matmul(x, y), [2, 1, a, b], [3, b, c]],
  ['Gemm transA', (g, x, y) => g.gemm(x, y, null, { transA: true, alpha: 0.7 }), [b, a], [b, c]],
  ['Gemm transB', (g, x, y) => g.gemm(x, y, null, { transB: true }), [a, b], [c, b]],
  ['Gemm transA transB', (g, x, y) => g.gemm(x, y, null, { transA: true, transB: true }), [b, a], [c, b]],
  ['Where, broadcast branches', (g, x, y) => g.where(g.greater(x, 0.1), x, g.mul(y, 2)), [a, b], [b]],
];

describe('gradients of binary ops match finite differences (float64, broadcasting)', () => {
  for (const [name, f, sx, sy, pos] of binary) {
    it(name, async () => {
      const n = (s: number[]) => s.reduce((p, d) => p * d, 1);
      const r = await check(
        (g) => {
          const x = g.input('x', sx);
          const y = g.input('y', sy);
          return { out: f(g, x, y), wrt: [x, y] };
        },
        pos ? { values: { x: positive(n(sx), 1), y: positive(n(sy), 2) } } : {},
      );
      expect(r.maxError).toBeLessThan(TOL);
    });
  }

  it('Gemm with a broadcast bias and beta', async () => {
    const r = await check((g) => {
      const x = g.input('x', [a, b]);
      const w = g.input('w', [b, c]);
      const bias = g.input('bias', [c]);
      return { out: g.gemm(x, w, bias, { beta: 0.5 }), wrt: [x, w, bias] };
    });
    expect(r.maxError).toBeLessThan(TOL);
  });

  it('LayerNormalization with scale and bias', async () => {
    const r = await check((g) => {
      const x = g.input('x', [a, b, c]);
      const s = g.input('scale', [c]);
      const bias = g.input('bias', [c]);
      return { out: g.layerNorm(x, s, bias, { epsilon: 1e-5 }), wrt: [x, s, bias] };
    });
    expect(r.maxError).toBeLessThan(TOL);
  });
});

describe('broadcasting gradients on seeded random shapes (float64)', () => {
  // Each case draws a result shape of rank 2–4 and derives both operands from it by dropping leading axes
  // and setting random axes to 1, so every broadcast pattern numpy allows turns up.
  const ops: [string, (g: GraphBuilder, x: Tensor, y: Tensor) => Tensor][] = [
    ['Add', (g, x, y) => g.add(x, y)],
    ['Sub', (g, x, y) => g.sub(x, y)],
    ['Mul', (g, x, y) => g.mul(x, y)],
    ['Div', (g, x, y) => g.div(x, g.add(g.mul(y, y), 1))],
    ['Where', (g, x, y) => g.where(g.greater(y, 0), g.mul(x, y), g.sin(x))],
  ];
  for (let seed = 1; seed <= 12; seed++) {
    const u = mulberry32(1000 + seed);
    const rank = 2 + Math.floor(u() * 3);
    const full = Array.from({ length: rank }, () => 2 + Math.floor(u() * 3));
    const derive = () => full.slice(Math.floor(u() * u() * rank)).map((d) => (u() < 0.35 ? 1 : d));
    const sx = derive();
    const sy = derive();
    const [name, f] = ops[seed % ops.length];
    it(`${name} [${sx.join(',')}] with [${sy.join(',')}]`, async () => {
      const r = await check((g) => {
        const x = g.input('x', sx);
        const y = g.input('y', sy);
        return { out: f(g, x, y), wrt: [x, y] };
      });
      expect(r.maxError).toBeLessThan(TOL);
    });
  }
});

describe('autodiff bookkeeping', () => {
  it('prunes inputs the loss does not depend on', () => {
    const g = new GraphBuilder('prune', { dtype: 'float64' });
    const x = g.input('x', [2, 3]);
    const unused = g.input('unused', [2, 3]);
    const blocked = g.input('blocked', [2, 3]);
    const loss = g.reduceSum(g.mul(x, g.stopGradient(blocked)));
    const before = g.nodes.length;
    const [dx, du, db] = gradients(g, loss, [x, unused, blocked]);
    expect(dx).not.toBeNull();
    expect(du).toBeNull();
    expect(db).toBeNull();
    // Only x's path is differentiated: no op may consume `unused`.
    expect(g.nodes.slice(before).some((n) => n.inputs.includes(unused))).toBe(false);
  });

  it('stopGradient treats its input as a constant', async () => {
    const g = new GraphBuilder('stop', { dtype: 'float64' });
    const x = g.input('x', [a, b]);
    // d/dx Σ x·stop(exp x) is exp(x), not (1 + x)·exp(x).
    const r = await checkGradients(g, g.reduceSum(g.mul(x, g.stopGradient(g.exp(x)))), { wrt: [x] });
    const analytic = r.analytic.x;
    const xs = r.numeric.x.map((_, i) => i);
    expect(r.maxError).toBeGreaterThan(0.1); // finite differences see the whole function
    for (const i of xs) expect(analytic[i]).toBeGreaterThan(0);
    const g2 = new GraphBuilder('nostop', { dtype: 'float64' });
    const x2 = g2.input('x', [a, b]);
    const r2 = await checkGradients(g2, g2.reduceSum(g2.exp(x2)), { wrt: [x2] });
    for (const i of xs) expect(analytic[i]).toBeCloseTo(r2.analytic.x[i], 12);
  });

  it('refuses a non-scalar loss with a GRAPH_SHAPE error', () => {
    const g = new GraphBuilder('nonscalar');
    const x = g.input('x', [2, 3]);
    expect(() => gradients(g, g.exp(x), [x])).toThrow(expect.objectContaining({ code: 'GRAPH_SHAPE' }));
  });
});
