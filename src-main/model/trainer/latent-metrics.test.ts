import { describe, expect, it } from 'vitest';
import { collapseDiagnostics, effectiveRank, latentStd, temporalStraightness } from './latent-metrics';
import { normalSource } from './seeded-random';

function gaussian(rows: number, dim: number, seed: number): Float64Array {
  const g = normalSource(seed);
  return Float64Array.from({ length: rows * dim }, () => g());
}

describe('collapse diagnostics', () => {
  it('rates an isotropic batch near full rank', () => {
    expect(effectiveRank(gaussian(2000, 16, 1), 2000, 16)).toBeGreaterThan(15);
  });

  it('rates a batch on one line at rank 1', () => {
    const g = normalSource(2);
    const z = new Float64Array(500 * 8);
    for (let r = 0; r < 500; r++) {
      const s = g();
      for (let i = 0; i < 8; i++) z[r * 8 + i] = s * (i + 1);
    }
    expect(effectiveRank(z, 500, 8)).toBeCloseTo(1, 3);
  });

  it('rates a batch spanning 4 of 16 dimensions at about 4', () => {
    const z = gaussian(2000, 16, 3);
    for (let r = 0; r < 2000; r++) for (let i = 4; i < 16; i++) z[r * 16 + i] = 0;
    const rank = effectiveRank(z, 2000, 16);
    expect(rank).toBeGreaterThan(3.8);
    expect(rank).toBeLessThan(4.01);
  });

  it('reports a dead dimension through its std', () => {
    const z = gaussian(300, 3, 4);
    for (let r = 0; r < 300; r++) z[r * 3 + 1] = 7;
    const std = latentStd(z, 300, 3);
    expect(std[1]).toBe(0);
    expect(std[0]).toBeGreaterThan(0.8);
  });

  it('measures straight trajectories as 1 and random walks near 0', () => {
    const line = Float64Array.from({ length: 10 * 2 }, (_, k) => (k % 2 === 0 ? Math.floor(k / 2) * 0.3 : -Math.floor(k / 2)));
    expect(temporalStraightness(line, 1, 10, 2)).toBeCloseTo(1, 9);
    const walk = gaussian(200, 8, 5);
    expect(Math.abs(temporalStraightness(walk, 4, 50, 8))).toBeLessThan(0.6);
  });

  it('puts a collapsed batch far above an isotropic one on SIGReg', () => {
    const good = collapseDiagnostics(gaussian(256, 8, 6), 8, 32, 8);
    const bad = collapseDiagnostics(gaussian(256, 8, 6).map((v) => v * 0.001 + 2), 8, 32, 8);
    expect(bad.sigreg).toBeGreaterThan(20 * good.sigreg);
    expect(bad.minStd).toBeLessThan(0.01);
  });
});
