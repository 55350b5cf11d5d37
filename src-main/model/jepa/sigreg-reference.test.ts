import { describe, expect, it } from 'vitest';
import { normalSource } from '../trainer/seeded-random';
import { eppsPulley, eppsPulleyGrid, sigregGaussianFloor, sigregReference, unitColumns } from './sigreg-reference';

function gaussianLatents(steps: number, batch: number, dim: number, seed: number, scale = 1): Float64Array {
  const n = normalSource(seed);
  return Float64Array.from({ length: steps * batch * dim }, () => scale * n());
}

function directions(dim: number, m: number, seed: number): Float64Array {
  const n = normalSource(seed);
  const a = Float64Array.from({ length: dim * m }, () => n());
  unitColumns(a, dim, m);
  return a;
}

describe('Epps–Pulley grid', () => {
  it('puts 17 knots on [0, 3] with folded-trapezoid weights times the Gaussian window', () => {
    const g = eppsPulleyGrid();
    expect(g.t.length).toBe(17);
    expect(g.t[0]).toBe(0);
    expect(g.t[16]).toBeCloseTo(3, 12);
    const dt = 3 / 16;
    expect(g.weights[0]).toBeCloseTo(dt, 12);
    expect(g.weights[1]).toBeCloseTo(2 * dt * Math.exp(-(dt * dt) / 2), 12);
    expect(g.weights[16]).toBeCloseTo(dt * Math.exp(-4.5), 12);
    // The weighted sum of the window approximates ∫₋₃³ e^(−t²) dt = √π·erf(3) ≈ 1.7725.
    const integral = g.weights.reduce((s, w, k) => s + w * g.phi[k], 0);
    expect(integral).toBeCloseTo(1.7725, 2);
  });

  it('rejects a grid with fewer than two knots', () => {
    expect(() => eppsPulleyGrid(1)).toThrow(RangeError);
  });
});

describe('SIGReg reference', () => {
  it('is near its Gaussian floor for standard normal latents, whatever the batch size', () => {
    const floor = sigregGaussianFloor();
    for (const batch of [64, 512]) {
      const z = gaussianLatents(2, batch, 8, 11 + batch);
      const s = sigregReference(z, 2, batch, 8, directions(8, 64, 3), 64);
      expect(s).toBeGreaterThan(0.5 * floor);
      expect(s).toBeLessThan(1.6 * floor);
    }
  });

  it('grows with the batch for collapsed latents', () => {
    const collapsed = (batch: number) => {
      const z = gaussianLatents(1, batch, 8, 5, 0.01);
      return sigregReference(z, 1, batch, 8, directions(8, 32, 9), 32);
    };
    const small = collapsed(64);
    const large = collapsed(256);
    expect(small).toBeGreaterThan(20 * sigregGaussianFloor());
    expect(large / small).toBeCloseTo(4, 0);
  });

  it('penalises a shifted mean and a wrong scale', () => {
    const dirs = directions(4, 32, 2);
    const base = sigregReference(gaussianLatents(1, 256, 4, 1), 1, 256, 4, dirs, 32);
    const shifted = gaussianLatents(1, 256, 4, 1).map((v) => v + 1.5);
    const wide = gaussianLatents(1, 256, 4, 1, 3);
    expect(sigregReference(shifted, 1, 256, 4, dirs, 32)).toBeGreaterThan(5 * base);
    expect(sigregReference(wide, 1, 256, 4, dirs, 32)).toBeGreaterThan(5 * base);
  });

  it('averages the one-direction statistic over directions and steps', () => {
    const z = gaussianLatents(2, 16, 3, 4);
    const a = directions(3, 2, 8);
    let sum = 0;
    for (let t = 0; t < 2; t++) {
      for (let j = 0; j < 2; j++) {
        const h = Array.from({ length: 16 }, (_, b) => z[(t * 16 + b) * 3] * a[j] + z[(t * 16 + b) * 3 + 1] * a[2 + j] + z[(t * 16 + b) * 3 + 2] * a[4 + j]);
        sum += eppsPulley(h);
      }
    }
    expect(sigregReference(z, 2, 16, 3, a, 2)).toBeCloseTo(sum / 4, 10);
  });

  it('refuses latents whose size does not match the stated layout', () => {
    expect(() => sigregReference(new Float64Array(10), 1, 4, 3, directions(3, 2, 1), 2)).toThrow(RangeError);
  });
});
