// The little dense linear algebra the diagnostics and the linear-dynamics baseline need, in Float64:
// eigenvalues of a symmetric matrix (cyclic Jacobi, exact enough for dim ≤ 256) and a ridge-regularised
// least-squares solve (Cholesky on the normal equations). Row-major throughout.

/** Eigenvalues of a symmetric n×n matrix, descending. The input is not modified. */
export function symmetricEigenvalues(matrix: ArrayLike<number>, n: number): Float64Array {
  const a = Float64Array.from(matrix as ArrayLike<number>);
  if (a.length !== n * n) throw new RangeError(`matrix holds ${a.length} values, not ${n}×${n}`);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += a[i * n + i] * a[i * n + i];
      for (let j = i + 1; j < n; j++) off += a[i * n + j] * a[i * n + j];
    }
    if (off <= 1e-24 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = a[i * n + i];
  return out.sort().reverse();
}

/** Covariance (dim×dim, divided by rows − 1) of `rows` samples laid out [rows, dim]. */
export function covariance(x: ArrayLike<number>, rows: number, dim: number): Float64Array {
  const mean = new Float64Array(dim);
  for (let r = 0; r < rows; r++) for (let i = 0; i < dim; i++) mean[i] += x[r * dim + i];
  for (let i = 0; i < dim; i++) mean[i] /= rows;
  const c = new Float64Array(dim * dim);
  const d = new Float64Array(dim);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < dim; i++) d[i] = x[r * dim + i] - mean[i];
    for (let i = 0; i < dim; i++) {
      const di = d[i];
      for (let j = i; j < dim; j++) c[i * dim + j] += di * d[j];
    }
  }
  const denom = Math.max(1, rows - 1);
  for (let i = 0; i < dim; i++) {
    for (let j = i; j < dim; j++) {
      c[i * dim + j] /= denom;
      c[j * dim + i] = c[i * dim + j];
    }
  }
  return c;
}

/**
 * Least squares W minimising ‖X·W − Y‖² + ridge·‖W‖², X [rows, p], Y [rows, q]; returns W [p, q].
 * The ridge keeps the solve defined when a feature never varies (a joint that did not move).
 */
export function leastSquares(x: ArrayLike<number>, y: ArrayLike<number>, rows: number, p: number, q: number, ridge = 1e-6): Float64Array {
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p * q);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < p; i++) {
      const xi = x[r * p + i];
      if (xi === 0) continue;
      for (let j = i; j < p; j++) xtx[i * p + j] += xi * x[r * p + j];
      for (let j = 0; j < q; j++) xty[i * q + j] += xi * y[r * q + j];
    }
  }
  for (let i = 0; i < p; i++) {
    xtx[i * p + i] += ridge * Math.max(1, rows);
    for (let j = 0; j < i; j++) xtx[i * p + j] = xtx[j * p + i];
  }
  const l = cholesky(xtx, p);
  const w = new Float64Array(p * q);
  const z = new Float64Array(p);
  for (let col = 0; col < q; col++) {
    for (let i = 0; i < p; i++) {
      let s = xty[i * q + col];
      for (let k = 0; k < i; k++) s -= l[i * p + k] * z[k];
      z[i] = s / l[i * p + i];
    }
    for (let i = p - 1; i >= 0; i--) {
      let s = z[i];
      for (let k = i + 1; k < p; k++) s -= l[k * p + i] * w[k * q + col];
      w[i * q + col] = s / l[i * p + i];
    }
  }
  return w;
}

function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) l[i * n + i] = Math.sqrt(Math.max(s, 1e-300));
      else l[i * n + j] = s / l[j * n + j];
    }
  }
  return l;
}
