// SIGReg (LeJEPA, arXiv 2511.08544; as used by LeWorldModel, arXiv 2603.19312) in plain Float64: the
// reference the graph version is checked against, and the collapse diagnostic the Train panel shows.
//
// A batch of latents is projected on M random unit directions; per direction the Epps–Pulley statistic
// compares the empirical characteristic function of the projections with the standard normal's, e^(−t²/2),
// on knots t = linspace(0, 3, 17). The statistic is N·Σₖ wₖ[(mean cos(tₖh) − e^(−tₖ²/2))² + (mean sin(tₖh))²],
// averaged over directions and time steps. It is small for an isotropic Gaussian batch and grows with N for
// a collapsed one, which is what keeps the encoder from mapping everything to one point.

export const SIGREG_KNOTS = 17;
export const SIGREG_T_MAX = 3;

export interface EppsPulleyGrid {
  t: Float64Array;
  /** e^(−t²/2): the standard normal's characteristic function at each knot. */
  phi: Float64Array;
  /** Quadrature weight times the e^(−t²/2) window. */
  weights: Float64Array;
}

/**
 * Knots and weights. The weights are dt at the ends and 2·dt inside, times e^(−t²/2): the trapezoid rule on
 * [−3, 3] folded onto [0, 3] (the integrand is even), exactly as LeWM's code computes them.
 */
export function eppsPulleyGrid(knots = SIGREG_KNOTS, tMax = SIGREG_T_MAX): EppsPulleyGrid {
  if (!(Number.isInteger(knots) && knots >= 2)) throw new RangeError(`SIGReg needs at least 2 knots, got ${knots}`);
  const t = new Float64Array(knots);
  const phi = new Float64Array(knots);
  const weights = new Float64Array(knots);
  const dt = tMax / (knots - 1);
  for (let k = 0; k < knots; k++) {
    t[k] = k * dt;
    phi[k] = Math.exp(-(t[k] * t[k]) / 2);
    weights[k] = (k === 0 || k === knots - 1 ? dt : 2 * dt) * phi[k];
  }
  return { t, phi, weights };
}

/**
 * Epps–Pulley statistic of one set of N scalar projections h: N·Σₖ wₖ[(mean cos(tₖh) − φₖ)² + (mean sin(tₖh))²].
 */
export function eppsPulley(h: ArrayLike<number>, grid: EppsPulleyGrid = eppsPulleyGrid()): number {
  const n = h.length;
  let stat = 0;
  for (let k = 0; k < grid.t.length; k++) {
    let c = 0;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const x = grid.t[k] * h[i];
      c += Math.cos(x);
      s += Math.sin(x);
    }
    c = c / n - grid.phi[k];
    s /= n;
    stat += grid.weights[k] * (c * c + s * s);
  }
  return n * stat;
}

/** Normalise the columns of a row-major [dim, m] matrix to unit length, in place. */
export function unitColumns(a: Float32Array | Float64Array, dim: number, m: number): void {
  for (let j = 0; j < m; j++) {
    let sq = 0;
    for (let i = 0; i < dim; i++) sq += a[i * m + j] * a[i * m + j];
    const inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
    for (let i = 0; i < dim; i++) a[i * m + j] *= inv;
  }
}

/**
 * SIGReg of latents laid out [steps, batch, dim] (row-major) against unit directions [dim, m]:
 * the Epps–Pulley statistic averaged over the m directions and the time steps.
 */
export function sigregReference(
  latents: ArrayLike<number>,
  steps: number,
  batch: number,
  dim: number,
  directions: ArrayLike<number>,
  m: number,
  grid: EppsPulleyGrid = eppsPulleyGrid(),
): number {
  if (latents.length !== steps * batch * dim) throw new RangeError(`latents hold ${latents.length} values, not ${steps}·${batch}·${dim}`);
  if (directions.length !== dim * m) throw new RangeError(`directions hold ${directions.length} values, not ${dim}·${m}`);
  const h = new Float64Array(batch);
  let total = 0;
  for (let t = 0; t < steps; t++) {
    for (let j = 0; j < m; j++) {
      for (let b = 0; b < batch; b++) {
        const row = (t * batch + b) * dim;
        let v = 0;
        for (let i = 0; i < dim; i++) v += latents[row + i] * directions[i * m + j];
        h[b] = v;
      }
      total += eppsPulley(h, grid);
    }
  }
  return total / (steps * m);
}

/**
 * What the statistic tends to for an isotropic standard normal batch as N grows: Σₖ wₖ(1 − e^(−tₖ²)). The
 * variance of the empirical characteristic function sets this floor; a trained encoder sits near it.
 */
export function sigregGaussianFloor(grid: EppsPulleyGrid = eppsPulleyGrid()): number {
  let s = 0;
  for (let k = 0; k < grid.t.length; k++) s += grid.weights[k] * (1 - Math.exp(-grid.t[k] * grid.t[k]));
  return s;
}
