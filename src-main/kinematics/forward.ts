// Forward kinematics and the geometric Jacobian of a serial chain, both in the chain's base frame.
// Workspaces are passed in so a 200 Hz jog loop allocates nothing.

import type { KinematicChain } from './chain';
import { mat3Apply, mat3FromAxisAngle, mat3Multiply } from './rigid';

/** Pose of the tool frame: position in metres and a row-major rotation. */
export interface ChainPose {
  position: Float64Array;
  rotation: Float64Array;
}

export function chainPoseCreate(): ChainPose {
  return { position: new Float64Array(3), rotation: Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1) };
}

/** Scratch space for chainForward/chainJacobian: one per caller, reused across calls. */
export interface ChainWorkspace {
  rotation: Float64Array;
  joint: Float64Array;
  product: Float64Array;
  offset: Float64Array;
  /** World axis and origin of each movable joint, 3 per joint, filled by chainForward. */
  axes: Float64Array;
  origins: Float64Array;
}

export function chainWorkspaceCreate(chain: KinematicChain): ChainWorkspace {
  const n = chain.movable.length;
  return {
    rotation: new Float64Array(9),
    joint: new Float64Array(9),
    product: new Float64Array(9),
    offset: new Float64Array(3),
    axes: new Float64Array(3 * n),
    origins: new Float64Array(3 * n),
  };
}

/**
 * Tool pose for `positions` (the robot's whole joint array; joints outside the chain are ignored).
 * Also records each movable joint's world axis and origin in the workspace, for chainJacobian.
 */
export function chainForward(chain: KinematicChain, positions: ArrayLike<number>, out: ChainPose = chainPoseCreate(), work: ChainWorkspace = chainWorkspaceCreate(chain)): ChainPose {
  const { rotation, joint, product, offset, axes, origins } = work;
  const p = out.position;
  p[0] = 0;
  p[1] = 0;
  p[2] = 0;
  rotation.set([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  let k = 0;
  for (const link of chain.links) {
    mat3Apply(rotation, link.originTranslation, offset);
    p[0] += offset[0];
    p[1] += offset[1];
    p[2] += offset[2];
    mat3Multiply(rotation, link.originRotation, product);
    rotation.set(product);
    if (link.type === 'fixed') continue;
    const q = link.jointIndex >= 0 ? positions[link.jointIndex] : 0;
    if (link.jointIndex >= 0) {
      // The joint axis in the world is the same before and after turning about it.
      mat3Apply(rotation, link.axis, axes, 3 * k);
      origins[3 * k] = p[0];
      origins[3 * k + 1] = p[1];
      origins[3 * k + 2] = p[2];
      k++;
    }
    if (link.type === 'prismatic') {
      mat3Apply(rotation, link.axis, offset);
      p[0] += offset[0] * q;
      p[1] += offset[1] * q;
      p[2] += offset[2] * q;
    } else {
      mat3FromAxisAngle(link.axis, q, joint);
      mat3Multiply(rotation, joint, product);
      rotation.set(product);
    }
  }
  out.rotation.set(rotation);
  return out;
}

/**
 * Geometric Jacobian at the pose chainForward last computed with `work`: 6 rows (linear velocity x y z,
 * angular velocity x y z) by one column per movable joint, row-major into `out` (6 × n).
 */
export function chainJacobian(chain: KinematicChain, pose: ChainPose, work: ChainWorkspace, out: Float64Array): Float64Array {
  const n = chain.movable.length;
  const p = pose.position;
  let k = 0;
  for (const link of chain.links) {
    if (link.type === 'fixed' || link.jointIndex < 0) continue;
    const ax = work.axes[3 * k];
    const ay = work.axes[3 * k + 1];
    const az = work.axes[3 * k + 2];
    if (link.type === 'prismatic') {
      out[k] = ax;
      out[n + k] = ay;
      out[2 * n + k] = az;
      out[3 * n + k] = 0;
      out[4 * n + k] = 0;
      out[5 * n + k] = 0;
    } else {
      const rx = p[0] - work.origins[3 * k];
      const ry = p[1] - work.origins[3 * k + 1];
      const rz = p[2] - work.origins[3 * k + 2];
      out[k] = ay * rz - az * ry;
      out[n + k] = az * rx - ax * rz;
      out[2 * n + k] = ax * ry - ay * rx;
      out[3 * n + k] = ax;
      out[4 * n + k] = ay;
      out[5 * n + k] = az;
    }
    k++;
  }
  return out;
}
