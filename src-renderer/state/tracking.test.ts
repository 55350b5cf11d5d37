import { describe, expect, it } from 'vitest';
import { blockedOf, blockedWarning, trackingErrorOf } from './tracking';

describe('the gate’s tracking findings in the UI', () => {
  it('names a blocked joint with its target and position', () => {
    const blocked = blockedOf({ blocked: [{ joint: 'shoulder_lift', target: 0.9, position: 1.61 }] });
    expect(blockedWarning(blocked)).toBe('Joint blocked: shoulder_lift (target 0.90, at 1.61 rad) — something holds it; free it or send it back.');
    expect(blockedWarning([...blocked, { joint: 'elbow_flex', target: 0, position: -0.5 }])).toMatch(/^2 joints blocked: shoulder_lift .*, elbow_flex \(target 0\.00, at -0\.50 rad\)/);
  });

  it('shows nothing when nothing is blocked', () => {
    expect(blockedWarning(blockedOf({ blocked: [] }))).toBeNull();
  });

  it('takes a batch’s tracking error only when it covers every joint', () => {
    expect(trackingErrorOf({ trackingError: [0.1, -0.7] }, 2)).toEqual([0.1, -0.7]);
    expect(trackingErrorOf({ trackingError: [] }, 2)).toBeNull();
  });
});
