// Guardrails on the decoded predicted states of a plan: joint limits, joint speed and acceleration between
// blocks, a workspace box and keep-out zones for the end-effector. The search calls guardrailCheck once per
// candidate for a penalty; the answer's violations are listed by name so a refusal can say which one broke.
import type { KinematicChain } from '../kinematics';
import type { Box3, GuardrailSettings, GuardrailViolation } from './types';

/** What one candidate's check reads: decoded joints per step and (when boxes are on) the end-effector. */
export interface GuardrailInput {
  horizon: number;
  /** Joints per step [H, J] (radians), the robot's joint order. */
  joints: Float32Array;
  /** Joints now [J]: the first step's speed is measured from here. */
  start: Float32Array;
  /** [H, 3] end-effector positions (m), or null when no box guardrail is on. */
  endEffector: Float32Array | null;
  /** Seconds per block. */
  blockSeconds: number;
}

/** Distance (m) a point lies inside a box (0 outside): how far it would have to move to leave it. */
export function boxDepth(box: Box3, x: number, y: number, z: number): number {
  return Math.max(0, Math.min(x - box.min[0], box.max[0] - x, y - box.min[1], box.max[1] - y, z - box.min[2], box.max[2] - z));
}

/** Distance (m) a point lies outside a box (0 inside). */
export function boxExcess(box: Box3, x: number, y: number, z: number): number {
  const dx = Math.max(box.min[0] - x, 0, x - box.max[0]);
  const dy = Math.max(box.min[1] - y, 0, y - box.max[1]);
  const dz = Math.max(box.min[2] - z, 0, z - box.max[2]);
  return Math.hypot(dx, dy, dz);
}

/** Whether any end-effector guardrail is on (then the search computes forward kinematics for every step). */
export function guardrailsNeedEndEffector(g: GuardrailSettings): boolean {
  return g.workspace !== null || g.keepOut.length > 0;
}

/**
 * Check one candidate: returns the summed penalty Σ (1 + amount) over violations (0 when safe), adds each
 * step's share into `perStep` [H] when given, and reports each violation to `report` when given (for the
 * answer; the search passes none and pays nothing for names).
 */
export function guardrailCheck(
  g: GuardrailSettings,
  chain: KinematicChain | null,
  jointNames: readonly string[],
  c: GuardrailInput,
  perStep: Float32Array | null = null,
  report?: (v: GuardrailViolation) => void,
): number {
  const J = c.start.length;
  let penalty = 0;
  const hit = (kind: GuardrailViolation['kind'], constraint: () => string, step: number, amount: number) => {
    penalty += 1 + amount;
    if (perStep) perStep[step] += 1 + amount;
    report?.({ kind, constraint: constraint(), step, amount });
  };
  const name = (j: number) => jointNames[j] ?? `joint ${j}`;
  const dt = c.blockSeconds;
  const vMax = g.maxVelocity ?? Number.POSITIVE_INFINITY;
  const aMax = g.maxAcceleration ?? Number.POSITIVE_INFINITY;
  for (let s = 0; s < c.horizon; s++) {
    for (let j = 0; j < J; j++) {
      const q = c.joints[s * J + j];
      if (g.jointLimitMargin !== null && chain && j < chain.jointCount) {
        const lo = chain.lower[j] + g.jointLimitMargin;
        const hi = chain.upper[j] - g.jointLimitMargin;
        if (q < lo) hit('joint-limit', () => `${name(j)} joint limit`, s, lo - q);
        else if (q > hi) hit('joint-limit', () => `${name(j)} joint limit`, s, q - hi);
      }
      const prev = s === 0 ? c.start[j] : c.joints[(s - 1) * J + j];
      const v = (q - prev) / dt;
      if (Math.abs(v) > vMax) hit('velocity', () => `${name(j)} velocity`, s, Math.abs(v) - vMax);
      if (aMax < Number.POSITIVE_INFINITY && s >= 1) {
        const prev2 = s === 1 ? c.start[j] : c.joints[(s - 2) * J + j];
        const a = (q - 2 * prev + prev2) / (dt * dt);
        if (Math.abs(a) > aMax) hit('acceleration', () => `${name(j)} acceleration`, s, Math.abs(a) - aMax);
      }
    }
    const ee = c.endEffector;
    if (ee) {
      const x = ee[3 * s];
      const y = ee[3 * s + 1];
      const z = ee[3 * s + 2];
      if (g.workspace) {
        const out = boxExcess(g.workspace, x, y, z);
        if (out > 0) hit('workspace', () => 'workspace box', s, out);
      }
      for (const zone of g.keepOut) {
        const inside = boxDepth(zone.box, x, y, z);
        if (inside > 0) hit('keep-out', () => `keep-out zone '${zone.name}'`, s, inside);
      }
    }
  }
  return penalty;
}
