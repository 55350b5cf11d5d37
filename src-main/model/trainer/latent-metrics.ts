// Collapse diagnostics for a batch of latents, shown beside the losses so a user can tell a model that learnt
// from one that mapped everything to a point: per-dimension spread, effective rank, the SIGReg statistic and
// how straight latent trajectories run in time.
import { eppsPulleyGrid, sigregReference, unitColumns } from '../jepa/sigreg-reference';
import { covariance, symmetricEigenvalues } from './linear-algebra';
import { normalSource } from './seeded-random';

/** Standard deviation of each latent dimension over `rows` samples laid out [rows, dim]. */
export function latentStd(z: ArrayLike<number>, rows: number, dim: number): Float64Array {
  const c = covariance(z, rows, dim);
  return Float64Array.from({ length: dim }, (_, i) => Math.sqrt(Math.max(0, c[i * dim + i])));
}

/**
 * Effective rank (Roy & Vetterli 2007, as RankMe uses it for JEPAs): exp of the entropy of the normalised
 * singular values of the centred batch, here the square roots of the covariance eigenvalues. It runs from 1
 * (all variance on one axis: collapse) to dim (isotropic).
 */
export function effectiveRank(z: ArrayLike<number>, rows: number, dim: number): number {
  const eig = symmetricEigenvalues(covariance(z, rows, dim), dim);
  const sv = eig.map((e) => Math.sqrt(Math.max(0, e)));
  const total = sv.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return 0;
  let h = 0;
  for (const s of sv) {
    const p = s / total;
    if (p > 1e-12) h -= p * Math.log(p);
  }
  return Math.exp(h);
}

/**
 * Temporal straightness: mean cosine between successive latent velocities along trajectories laid out
 * [trajectories, steps, dim]. 1 means every trajectory is a straight line in latent space (which makes
 * planning by latent distance easy); near 0 means the path turns at random.
 */
export function temporalStraightness(z: ArrayLike<number>, trajectories: number, steps: number, dim: number): number {
  let sum = 0;
  let count = 0;
  for (let n = 0; n < trajectories; n++) {
    for (let t = 1; t < steps - 1; t++) {
      let dot = 0;
      let aa = 0;
      let bb = 0;
      for (let i = 0; i < dim; i++) {
        const base = (n * steps + t) * dim + i;
        const a = z[base] - z[base - dim];
        const b = z[base + dim] - z[base];
        dot += a * b;
        aa += a * a;
        bb += b * b;
      }
      if (aa > 0 && bb > 0) {
        sum += dot / Math.sqrt(aa * bb);
        count++;
      }
    }
  }
  return count ? sum / count : 0;
}

/** The SIGReg statistic of a batch [rows, dim] against `m` seeded random directions. */
export function sigregStatistic(z: ArrayLike<number>, rows: number, dim: number, m = 256, seed = 0): number {
  const n = normalSource(seed);
  const dirs = Float64Array.from({ length: dim * m }, () => n());
  unitColumns(dirs, dim, m);
  return sigregReference(z, 1, rows, dim, dirs, m, eppsPulleyGrid());
}

export interface CollapseDiagnostics {
  dim: number;
  /** Per-dimension standard deviation. */
  std: number[];
  /** Smallest per-dimension standard deviation (a dead dimension shows as ~0). */
  minStd: number;
  effectiveRank: number;
  sigreg: number;
  straightness: number;
}

/**
 * All diagnostics for latents of whole trajectories laid out [trajectories, steps, dim]: the batch statistics
 * over every row, the straightness along each trajectory.
 */
export function collapseDiagnostics(z: ArrayLike<number>, trajectories: number, steps: number, dim: number, seed = 0): CollapseDiagnostics {
  const rows = trajectories * steps;
  const std = Array.from(latentStd(z, rows, dim));
  return {
    dim,
    std,
    minStd: Math.min(...std),
    effectiveRank: effectiveRank(z, rows, dim),
    sigreg: sigregStatistic(z, rows, dim, 128, seed),
    straightness: temporalStraightness(z, trajectories, steps, dim),
  };
}
