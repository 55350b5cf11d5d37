import { describe, expect, it } from 'vitest';
import { JointHistory } from './joint-history';

describe('JointHistory', () => {
  it('keeps the newest samples in time order once full', () => {
    const h = new JointHistory(2, 3);
    for (let i = 0; i < 5; i++) h.push(i, [i * 10, -i]);
    expect(h.size).toBe(3);
    expect(h.view()).toEqual([
      [2, 3, 4],
      [20, 30, 40],
      [-2, -3, -4],
    ]);
  });

  it('reads a sample from a flat batch at an offset', () => {
    const h = new JointHistory(2, 4);
    h.push(0.5, [9, 9, 1, 2], 2);
    expect(h.view()).toEqual([[0.5], [1], [2]]);
  });
});
