// Reads the parts of a URDF that kinematics needs: links, and joints with their origin, axis and
// limits. Visuals and inertials are for the renderer and the physics model, not for us.

import { ErrorCodes, PraxisError } from '../api';
import type { Vec3 } from './pose';
import { type XmlElement, xmlChild, xmlChildren, xmlParse } from './xml-elements';

export type UrdfJointType = 'revolute' | 'continuous' | 'prismatic' | 'fixed';

export interface UrdfJoint {
  name: string;
  type: UrdfJointType;
  parent: string;
  child: string;
  /** Offset of the child frame in the parent frame, metres. */
  xyz: Vec3;
  /** Roll, pitch, yaw of the child frame in the parent frame, radians. */
  rpy: Vec3;
  /** Unit axis in the child frame. */
  axis: Vec3;
  /** Radians (revolute) or metres (prismatic); ±Infinity when unlimited. */
  lower: number;
  upper: number;
}

export interface UrdfRobot {
  name: string;
  links: string[];
  /** In document order. */
  joints: UrdfJoint[];
  /** The one link that is no joint's child. */
  rootLink: string;
}

function urdfError(message: string, details?: Record<string, unknown>): PraxisError {
  return new PraxisError(
    ErrorCodes.INVALID_ARGUMENT,
    `URDF is invalid: ${message}`,
    'Fix the URDF file (see details), or restore it from the repository.',
    details,
  );
}

function parseTriple(text: string | undefined, fallback: Vec3, what: string): Vec3 {
  if (text === undefined) return fallback;
  const parts = text.trim().split(/\s+/).map(Number);
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p))) {
    throw urdfError(`${what} must be three numbers, got "${text}"`);
  }
  return [parts[0], parts[1], parts[2]];
}

function parseJoint(element: XmlElement): UrdfJoint {
  const name = element.attributes.name;
  const type = element.attributes.type;
  if (!name) throw urdfError('a joint has no name');
  if (type !== 'revolute' && type !== 'continuous' && type !== 'prismatic' && type !== 'fixed') {
    throw urdfError(`joint "${name}" has unsupported type "${type}"`, { joint: name, type });
  }
  const parent = xmlChild(element, 'parent')?.attributes.link;
  const child = xmlChild(element, 'child')?.attributes.link;
  if (!parent || !child) throw urdfError(`joint "${name}" needs <parent link> and <child link>`, { joint: name });
  const origin = xmlChild(element, 'origin');
  const axis = parseTriple(xmlChild(element, 'axis')?.attributes.xyz, [1, 0, 0], `axis of joint "${name}"`);
  const length = Math.hypot(...axis);
  if (type !== 'fixed' && length < 1e-9) throw urdfError(`joint "${name}" has a zero axis`, { joint: name });
  const limit = xmlChild(element, 'limit');
  let lower = Number.NEGATIVE_INFINITY;
  let upper = Number.POSITIVE_INFINITY;
  if (type === 'revolute' || type === 'prismatic') {
    lower = Number(limit?.attributes.lower);
    upper = Number(limit?.attributes.upper);
    if (!Number.isFinite(lower) || !Number.isFinite(upper) || lower > upper) {
      throw urdfError(`joint "${name}" needs <limit lower upper> with lower ≤ upper`, { joint: name });
    }
  }
  return {
    name,
    type,
    parent,
    child,
    xyz: parseTriple(origin?.attributes.xyz, [0, 0, 0], `origin xyz of joint "${name}"`),
    rpy: parseTriple(origin?.attributes.rpy, [0, 0, 0], `origin rpy of joint "${name}"`),
    axis: length > 0 ? [axis[0] / length, axis[1] / length, axis[2] / length] : axis,
    lower,
    upper,
  };
}

/** Parses URDF text. Throws a PraxisError (INVALID_ARGUMENT) naming what is wrong. */
export function urdfParse(text: string): UrdfRobot {
  const root = xmlParse(text);
  if (root.name !== 'robot') throw urdfError(`the root element is <${root.name}>, not <robot>`);
  const links = xmlChildren(root, 'link').map((link) => link.attributes.name ?? '');
  if (links.some((link) => link === '')) throw urdfError('a link has no name');
  const joints = xmlChildren(root, 'joint').map(parseJoint);
  const linkSet = new Set(links);
  const children = new Set<string>();
  for (const joint of joints) {
    for (const link of [joint.parent, joint.child]) {
      if (!linkSet.has(link)) throw urdfError(`joint "${joint.name}" names unknown link "${link}"`, { joint: joint.name });
    }
    if (children.has(joint.child)) throw urdfError(`link "${joint.child}" has two parent joints`, { link: joint.child });
    children.add(joint.child);
  }
  const roots = links.filter((link) => !children.has(link));
  if (roots.length !== 1) throw urdfError(`expected one root link, found ${roots.length}`, { roots });
  return { name: root.attributes.name ?? '', links, joints, rootLink: roots[0] };
}

/** The joints from the root link down to `link`, root first. */
export function urdfChainTo(robot: UrdfRobot, link: string): UrdfJoint[] {
  if (!robot.links.includes(link)) throw urdfError(`there is no link "${link}"`, { link });
  const byChild = new Map(robot.joints.map((joint) => [joint.child, joint]));
  const chain: UrdfJoint[] = [];
  for (let joint = byChild.get(link); joint; joint = byChild.get(joint.parent)) chain.unshift(joint);
  return chain;
}

/** The joints a controller moves (not fixed), in document order. */
export function urdfMovableJoints(robot: UrdfRobot): UrdfJoint[] {
  return robot.joints.filter((joint) => joint.type !== 'fixed');
}
