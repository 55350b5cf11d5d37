// A serial kinematic chain from a base link to a tool frame: the part of a robot description that
// forward and inverse kinematics need. Built from a parsed URDF (the sim's urdfParse output fits
// structurally) or from a hand-written list of joints, so this folder needs no parser and no three.js.

import { ErrorCodes, PraxisError } from '../api';
import { mat3FromRpy } from './rigid';

export type ChainJointType = 'revolute' | 'continuous' | 'prismatic' | 'fixed';

/** One joint as URDF describes it. */
export interface ChainJointSpec {
  name: string;
  type: ChainJointType;
  /** Offset of the child frame in the parent frame, metres. */
  xyz: readonly [number, number, number];
  /** Roll, pitch, yaw of the child frame in the parent frame, radians. */
  rpy: readonly [number, number, number];
  /** Unit axis in the child frame (ignored for fixed joints). */
  axis: readonly [number, number, number];
  /** Radians or metres; ±Infinity when unlimited. */
  lower: number;
  upper: number;
}

/** What chainFromUrdf reads from a parsed URDF (src-main/sim's UrdfRobot has this shape). */
export interface UrdfTree {
  rootLink: string;
  links: readonly string[];
  joints: readonly (ChainJointSpec & { parent: string; child: string })[];
}

export interface ChainLink {
  name: string;
  type: ChainJointType;
  /** Fixed transform parent → joint frame: row-major rotation and translation. */
  originRotation: Float64Array;
  originTranslation: Float64Array;
  axis: Float64Array;
  /** Index of this joint in the robot's joint array, or -1 for fixed joints and joints the arm does not drive. */
  jointIndex: number;
}

export interface KinematicChain {
  /** Root to tool, fixed joints included. */
  readonly links: readonly ChainLink[];
  /** Width of the robot's joint array the chain reads positions from. */
  readonly jointCount: number;
  /** Robot joint indices the chain moves, root first (columns of the Jacobian). */
  readonly movable: Int32Array;
  /** Joint limits for every robot joint (from the chain where it knows them, else ±Infinity). */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

function chainError(message: string, details?: Record<string, unknown>): PraxisError {
  return new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Kinematic chain: ${message}`, 'Check the robot description (URDF) and the joint names of the robot profile.', details);
}

/**
 * A chain from joint specs listed root to tool. `jointOrder` is the robot's joint array (e.g. the
 * SO-101's six joints, gripper included): positions are read from it by name, and a movable joint it
 * does not name is held at 0.
 */
export function chainCreate(joints: readonly ChainJointSpec[], jointOrder: readonly string[]): KinematicChain {
  const lower = new Float64Array(jointOrder.length).fill(Number.NEGATIVE_INFINITY);
  const upper = new Float64Array(jointOrder.length).fill(Number.POSITIVE_INFINITY);
  const movable: number[] = [];
  const links = joints.map((joint): ChainLink => {
    const values = [...joint.xyz, ...joint.rpy, ...(joint.type === 'fixed' ? [] : joint.axis)];
    if (!values.every(Number.isFinite)) throw chainError(`joint "${joint.name}" has a non-finite origin or axis`, { joint: joint.name });
    const axisLength = Math.hypot(...joint.axis);
    if (joint.type !== 'fixed' && axisLength < 1e-9) throw chainError(`joint "${joint.name}" has a zero axis`, { joint: joint.name });
    const jointIndex = joint.type === 'fixed' ? -1 : jointOrder.indexOf(joint.name);
    if (jointIndex >= 0) {
      if (movable.includes(jointIndex)) throw chainError(`joint "${joint.name}" appears twice`, { joint: joint.name });
      if (!(joint.lower <= joint.upper)) throw chainError(`joint "${joint.name}" has lower limit above upper`, { joint: joint.name });
      movable.push(jointIndex);
      lower[jointIndex] = joint.lower;
      upper[jointIndex] = joint.upper;
    }
    const k = axisLength > 0 ? 1 / axisLength : 0;
    return {
      name: joint.name,
      type: joint.type,
      originRotation: mat3FromRpy(joint.rpy[0], joint.rpy[1], joint.rpy[2]),
      originTranslation: Float64Array.from(joint.xyz),
      axis: Float64Array.of(joint.axis[0] * k, joint.axis[1] * k, joint.axis[2] * k),
      jointIndex,
    };
  });
  if (movable.length === 0) throw chainError(`no joint of the chain is one of ${jointOrder.join(', ')}`, { jointOrder });
  return { links, jointCount: jointOrder.length, movable: Int32Array.from(movable), lower, upper };
}

/** The chain from the URDF's root link to `tipLink` (a link name, e.g. the SO-101's "gripper_tip"). */
export function chainFromUrdf(robot: UrdfTree, tipLink: string, jointOrder: readonly string[]): KinematicChain {
  if (!robot.links.includes(tipLink)) throw chainError(`the robot has no link "${tipLink}"`, { link: tipLink, links: robot.links });
  const byChild = new Map(robot.joints.map((joint) => [joint.child, joint]));
  const path: ChainJointSpec[] = [];
  const seen = new Set<string>();
  for (let joint = byChild.get(tipLink); joint; joint = byChild.get(joint.parent)) {
    if (seen.has(joint.name)) throw chainError(`joint "${joint.name}" closes a loop`, { joint: joint.name });
    seen.add(joint.name);
    path.unshift(joint);
  }
  if (path.length === 0) throw chainError(`"${tipLink}" is the root link; pick the tool link`, { link: tipLink });
  return chainCreate(path, jointOrder);
}
