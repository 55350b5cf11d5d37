import { describe, expect, it } from 'vitest';
import { aggregateFeatureStats, computeFeatureStats, computeImageStats, imageSampleIndices } from './feature-stats';

const range = (n: number, f = (i: number) => i) => Float64Array.from({ length: n }, (_, i) => f(i));

describe('feature statistics (LeRobot compute_stats.py)', () => {
  it('computes min/max/mean/std and histogram quantiles per dimension', () => {
    // two dimensions, 100 rows: d0 = 0..99, d1 = constant 5
    const values = new Float64Array(200);
    for (let i = 0; i < 100; i++) {
      values[2 * i] = i;
      values[2 * i + 1] = 5;
    }
    const s = computeFeatureStats(values, 100, 2);
    expect(s.count).toEqual([100]);
    expect(s.min).toEqual([0, 5]);
    expect(s.max).toEqual([99, 5]);
    expect(s.mean[0]).toBeCloseTo(49.5, 10);
    expect(s.std[0]).toBeCloseTo(Math.sqrt((100 * 100 - 1) / 12), 10); // population std, as numpy's
    expect(s.std[1]).toBe(0);
    // 5000 bins over [0, 99]: q50 is the right edge of the bin holding 49 (the 50th sample), as numpy gives
    const width = 99 / 5000;
    const rightEdgeOfBinHolding = (v: number) => (Math.floor(v / width) + 1) * width;
    expect(s.q50[0]).toBeCloseTo(rightEdgeOfBinHolding(49), 6);
    expect(s.q01[0]).toBeCloseTo(0, 6);
    expect(s.q99[0]).toBeCloseTo(rightEdgeOfBinHolding(98), 6);
    expect(s.q50[1]).toBeCloseTo(5, 6);
  });

  it('falls back to the mean for quantiles with fewer than two samples', () => {
    const s = computeFeatureStats(Float64Array.of(3, 4), 1, 2);
    expect(s.q10).toEqual([3, 4]);
    expect(s.std).toEqual([0, 0]);
  });

  it('aggregates episodes into exactly the statistics of their concatenation', () => {
    const a = range(30, (i) => Math.sin(i));
    const b = range(70, (i) => 2 + Math.cos(i));
    const all = Float64Array.from([...a, ...b]);
    const agg = aggregateFeatureStats([computeFeatureStats(a, 30, 1), computeFeatureStats(b, 70, 1)]);
    const direct = computeFeatureStats(all, 100, 1);
    expect(agg.count).toEqual([100]);
    expect(agg.mean[0]).toBeCloseTo(direct.mean[0], 12);
    expect(agg.std[0]).toBeCloseTo(direct.std[0], 12);
    expect(agg.min).toEqual(direct.min);
    expect(agg.max).toEqual(direct.max);
    // quantiles: lower ones take the min across episodes, upper ones the max (LeRobot's conservative rule)
    expect(agg.q01[0]).toBe(Math.min(computeFeatureStats(a, 30, 1).q01[0], computeFeatureStats(b, 70, 1).q01[0]));
    expect(agg.q99[0]).toBe(Math.max(computeFeatureStats(a, 30, 1).q99[0], computeFeatureStats(b, 70, 1).q99[0]));
  });

  it('samples frames for image statistics as LeRobot does', () => {
    expect(imageSampleIndices(50)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const s = imageSampleIndices(20_000); // n^0.75 = 1681
    expect(s).toHaveLength(1681);
    expect(s[0]).toBe(0);
    expect(s[s.length - 1]).toBe(19_999);
  });

  it('image statistics are per channel in [0, 1] and count images', () => {
    const red = new Uint8Array(4 * 4 * 3);
    for (let p = 0; p < red.length; p += 3) red[p] = 255;
    const s = computeImageStats([red, red], 4, 4);
    expect(s.count).toEqual([2]);
    expect(s.mean).toEqual([1, 0, 0]);
    expect(s.max).toEqual([1, 0, 0]);
  });
});
