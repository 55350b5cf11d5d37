import { describe, expect, it } from 'vitest';
import { filterTargets } from './targetFilter';

const limits = { lower: Float64Array.of(-1, -1), upper: Float64Array.of(1, 1), maxVelocity: Float64Array.of(2, 2) };

describe('target filter', () => {
  it('clamps targets into joint limits and flags them', () => {
    const out = new Float64Array(2);
    const flags = new Uint8Array(2);
    expect(filterTargets(Float64Array.of(5, -0.01), Float64Array.of(0.99, 0), 1, limits, out, flags)).toBe(true);
    expect(Array.from(out)).toEqual([1, -0.01]);
    expect(Array.from(flags)).toEqual([1, 0]);
  });

  it('limits each step to maxVelocity × dt, and credits at most 50 ms after a pause', () => {
    const out = new Float64Array(2);
    const flags = new Uint8Array(2);
    filterTargets(Float64Array.of(0.5, -0.5), Float64Array.of(0, 0), 0.01, limits, out, flags);
    expect(out[0]).toBeCloseTo(0.02);
    expect(out[1]).toBeCloseTo(-0.02);
    expect(Array.from(flags)).toEqual([2, 2]);
    filterTargets(Float64Array.of(0.5, 0), Float64Array.of(0, 0), 10, limits, out, flags);
    expect(out[0]).toBeCloseTo(0.1);
  });

  it('holds the previous value when asked for NaN', () => {
    const out = new Float64Array(2);
    const flags = new Uint8Array(2);
    filterTargets(Float64Array.of(Number.NaN, 0), Float64Array.of(0.3, 0), 0.01, limits, out, flags);
    expect(out[0]).toBe(0.3);
    expect(flags[0]).toBe(4);
  });
});
