import { describe, expect, it } from 'vitest';
import { chainCreate } from '../kinematics';
import { boxDepth, boxExcess, guardrailCheck } from './guardrails';
import { DEFAULT_GUARDRAILS } from './presets';
import { targetsToBlocks } from './search';
import type { GuardrailViolation } from './types';

const chain = chainCreate(
  [
    { name: 'x', type: 'prismatic', xyz: [0, 0, 0], rpy: [0, 0, 0], axis: [1, 0, 0], lower: -0.5, upper: 0.5 },
    { name: 'y', type: 'prismatic', xyz: [0, 0, 0], rpy: [0, 0, 0], axis: [0, 1, 0], lower: -0.5, upper: 0.5 },
  ],
  ['x', 'y'],
);

function check(joints: number[], settings = DEFAULT_GUARDRAILS, ee: number[] | null = null): GuardrailViolation[] {
  const out: GuardrailViolation[] = [];
  guardrailCheck(settings, chain, ['x', 'y'], { horizon: joints.length / 2, joints: Float32Array.from(joints), start: Float32Array.of(0, 0), endEffector: ee ? Float32Array.from(ee) : null, blockSeconds: 0.5 }, null, (v) => out.push(v));
  return out;
}

describe('guardrails', () => {
  it('names the joint that leaves its limits, at the step it does', () => {
    const v = check([0.1, 0, 0.2, 0.6]);
    expect(v).toEqual([{ kind: 'joint-limit', constraint: 'y joint limit', step: 1, amount: expect.closeTo(0.1, 6) }]);
  });

  it('measures speed and acceleration between steps, from the pose now', () => {
    const v = check([0.4, 0, 0.4, 0], { ...DEFAULT_GUARDRAILS, maxVelocity: 0.5, maxAcceleration: 1 });
    // 0.4 in 0.5 s is 0.8 rad/s; stopping dead in the next half second is −1.6 rad/s².
    expect(v.map((x) => [x.constraint, x.step])).toEqual([
      ['x velocity', 0],
      ['x acceleration', 1],
    ]);
    expect(v[0].amount).toBeCloseTo(0.3, 6);
  });

  it('keeps the end-effector inside the workspace and out of keep-out zones', () => {
    const settings = { ...DEFAULT_GUARDRAILS, workspace: { min: [-1, -1, 0], max: [1, 1, 1] } as const, keepOut: [{ name: 'camera mount', box: { min: [0.2, -0.1, 0], max: [0.4, 0.1, 0.5] } as const }] };
    const v = check([0, 0, 0, 0], settings, [0.3, 0, 0.1, 0, 0, -0.2]);
    expect(v.map((x) => x.constraint)).toEqual(["keep-out zone 'camera mount'", 'workspace box']);
    expect(v[1].amount).toBeCloseTo(0.2, 6);
  });

  it('measures how deep a point is in a box and how far outside', () => {
    const box = { min: [0, 0, 0], max: [1, 1, 1] } as const;
    expect(boxDepth(box, 0.5, 0.2, 0.5)).toBeCloseTo(0.2, 9);
    expect(boxDepth(box, 1.5, 0.5, 0.5)).toBe(0);
    expect(boxExcess(box, 1.3, 0.5, -0.4)).toBeCloseTo(0.5, 9);
  });
});

describe('action blocks', () => {
  it('ramp each block from the previous target to its own', () => {
    const out = new Float32Array(2 * 2 * 1);
    targetsToBlocks(Float32Array.of(1, 3), Float32Array.of(0), 1, 2, 1, 2, out);
    expect(Array.from(out)).toEqual([0.5, 1, 2, 3]);
  });
});
