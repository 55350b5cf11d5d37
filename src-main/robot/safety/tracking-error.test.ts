import { describe, expect, it } from 'vitest';
import { TrackingMonitor } from './tracking-error';

describe('TrackingMonitor', () => {
  it('flags a joint held far from its target for a while as blocked (pushed against the table)', () => {
    const m = new TrackingMonitor(2, { farRad: 0.25, blockedAfterS: 0.5 });
    const target = [0.9, 0];
    let r = m.update(0, target, [1.61, 0.01]);
    expect(r.error[0]).toBeCloseTo(-0.71);
    expect(r.error[1]).toBeCloseTo(-0.01);
    expect(Array.from(r.blocked)).toEqual([0, 0]);
    r = m.update(0.3, target, [1.61, 0]);
    expect(r.blocked[0]).toBe(0);
    r = m.update(0.6, target, [1.61, 0]);
    expect(Array.from(r.blocked)).toEqual([1, 0]);
    expect(r.farForS[0]).toBeCloseTo(0.6);
  });

  it('clears as soon as the joint comes back near its target, and restarts the clock', () => {
    const m = new TrackingMonitor(1, { farRad: 0.25, blockedAfterS: 0.5 });
    m.update(0, [0], [1]);
    expect(m.update(1, [0], [1]).blocked[0]).toBe(1);
    expect(m.update(1.1, [0], [0.1]).blocked[0]).toBe(0);
    expect(m.update(1.2, [0], [1]).blocked[0]).toBe(0);
    expect(m.update(1.7, [0], [1]).blocked[0]).toBe(1);
  });

  it('reports no error for joints nothing holds (torque off)', () => {
    const m = new TrackingMonitor(1);
    m.update(0, [0], [1]);
    const r = m.update(2, null, [1]);
    expect(r.error[0]).toBe(0);
    expect(r.blocked[0]).toBe(0);
  });
});
