import { describe, expect, it } from 'vitest';
import { covariance, leastSquares, symmetricEigenvalues } from './linear-algebra';
import { normalSource } from './seeded-random';

describe('symmetric eigenvalues', () => {
  it('finds the eigenvalues of a known 3×3 matrix, largest first', () => {
    // [[2,1,0],[1,2,0],[0,0,5]] has eigenvalues 5, 3, 1.
    const e = symmetricEigenvalues([2, 1, 0, 1, 2, 0, 0, 0, 5], 3);
    expect(Array.from(e).map((v) => Number(v.toFixed(9)))).toEqual([5, 3, 1]);
  });

  it('keeps the trace and the Frobenius norm of a random symmetric matrix', () => {
    const n = 12;
    const g = normalSource(4);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = g();
    const e = symmetricEigenvalues(a, n);
    let trace = 0;
    let frob = 0;
    for (let i = 0; i < n; i++) trace += a[i * n + i];
    for (const v of a) frob += v * v;
    expect(e.reduce((s, v) => s + v, 0)).toBeCloseTo(trace, 9);
    expect(e.reduce((s, v) => s + v * v, 0)).toBeCloseTo(frob, 9);
  });
});

describe('covariance', () => {
  it('divides by rows − 1', () => {
    const c = covariance([1, 0, 3, 0], 2, 2);
    expect(Array.from(c)).toEqual([2, 0, 0, 0]);
  });
});

describe('least squares', () => {
  it('recovers the weights of noiseless linear data', () => {
    const g = normalSource(1);
    const rows = 50;
    const w = [1.5, -2, 0.25, 3, 0, -1];
    const x = Float64Array.from({ length: rows * 3 }, () => g());
    const y = new Float64Array(rows * 2);
    for (let r = 0; r < rows; r++) for (let j = 0; j < 2; j++) for (let i = 0; i < 3; i++) y[r * 2 + j] += x[r * 3 + i] * w[i * 2 + j];
    const fit = leastSquares(x, y, rows, 3, 2, 1e-12);
    fit.forEach((v, i) => {
      expect(v).toBeCloseTo(w[i], 6);
    });
  });

  it('stays finite when a feature never varies', () => {
    const x = [1, 0, 2, 0, 3, 0];
    const y = [2, 4, 6];
    const fit = leastSquares(x, y, 3, 2, 1);
    expect(fit[0]).toBeCloseTo(2, 4);
    expect(fit[1]).toBe(0);
  });
});
