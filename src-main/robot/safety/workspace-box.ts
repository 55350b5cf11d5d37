// The end-effector box: the tool (as forward kinematics places it) must stay inside an axis-aligned box
// in the robot's base frame, e.g. above the table and inside the fence. Pure functions over typed arrays.

import { type ChainPose, type ChainWorkspace, chainForward, chainPoseCreate, chainWorkspaceCreate, type KinematicChain } from '../../kinematics';

export interface WorkspaceBox {
  /** Corners of the box in the chain's base frame, metres. */
  min: readonly [number, number, number];
  max: readonly [number, number, number];
  /** The arm's chain from base to tool (chainFromUrdf). */
  chain: KinematicChain;
}

/** Bisection steps when a move leaves the box: 2⁻¹² of the step is far below a servo tick. */
const BISECTION_STEPS = 12;

/** Scratch for one caller (the gate): no allocation per command. */
export interface WorkspaceScratch {
  pose: ChainPose;
  work: ChainWorkspace;
  blend: Float64Array;
}

export function workspaceScratchCreate(box: WorkspaceBox): WorkspaceScratch {
  return { pose: chainPoseCreate(), work: chainWorkspaceCreate(box.chain), blend: new Float64Array(box.chain.jointCount) };
}

/** How far (metres) the tool at `positions` is outside the box; 0 inside. */
export function workspaceExcess(box: WorkspaceBox, positions: ArrayLike<number>, scratch: WorkspaceScratch): number {
  const p = chainForward(box.chain, positions, scratch.pose, scratch.work).position;
  let sq = 0;
  for (let k = 0; k < 3; k++) {
    const d = p[k] < box.min[k] ? box.min[k] - p[k] : p[k] > box.max[k] ? p[k] - box.max[k] : 0;
    sq += d * d;
  }
  return Math.sqrt(sq);
}

/**
 * Shortens the joint-space step `previous → target` (in place in `target`) so the tool does not leave the
 * box, or, when the arm is already outside (started there), does not go further out. Returns true when
 * the step was shortened. The step is short (speed-capped), so the straight joint-space segment is checked
 * at its end only: a 20 ms step cannot swing the tool out and back in.
 */
export function workspaceLimitStep(box: WorkspaceBox, previous: Float64Array, target: Float64Array, scratch: WorkspaceScratch): boolean {
  const allowed = workspaceExcess(box, previous, scratch);
  if (workspaceExcess(box, target, scratch) <= allowed + 1e-9) return false;
  const blend = scratch.blend;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < BISECTION_STEPS; i++) {
    const s = (lo + hi) / 2;
    for (let j = 0; j < blend.length; j++) blend[j] = previous[j] + s * (target[j] - previous[j]);
    if (workspaceExcess(box, blend, scratch) <= allowed + 1e-9) lo = s;
    else hi = s;
  }
  for (let j = 0; j < target.length; j++) target[j] = previous[j] + lo * (target[j] - previous[j]);
  return true;
}
