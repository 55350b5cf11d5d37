import { describe, expect, it } from 'vitest';
import { ranks, spearman } from './rank-correlation';

describe('Spearman rank correlation', () => {
  it('gives tied values their average rank', () => {
    expect(Array.from(ranks([10, 20, 20, 5]))).toEqual([2, 3.5, 3.5, 1]);
  });

  it('is 1 for any monotone increasing relation and −1 for a decreasing one', () => {
    const x = [1, 2, 3, 4, 5, 6];
    expect(spearman(x, x.map((v) => v ** 3))).toBeCloseTo(1, 12);
    expect(spearman(x, x.map((v) => Math.exp(-v)))).toBeCloseTo(-1, 12);
  });

  it('matches the textbook value for a small sample', () => {
    // d² sum = 4 for these ranks → ρ = 1 − 6·4/(5·24) = 0.8
    expect(spearman([1, 2, 3, 4, 5], [2, 1, 3, 4, 5])).toBeCloseTo(0.9, 12);
    expect(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 12);
  });

  it('is NaN for a constant series', () => {
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
  });
});
