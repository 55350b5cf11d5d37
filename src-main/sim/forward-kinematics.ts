// Forward kinematics over a URDF chain: the pose of a link given joint positions. Pure and small;
// used to check the URDF against MuJoCo and available to IK and the planner.

import { type Pose, rotationAboutAxis, rotationApply, rotationFromRpy, rotationMultiply, rotationToQuaternion, type Vec3 } from './pose';
import { type UrdfRobot, urdfChainTo } from './urdf';

export interface LinkTransform {
  position: Vec3;
  /** Row-major 3×3 rotation of the link frame in the root frame. */
  rotation: Float64Array;
}

/**
 * Transform of `link` in the root link's frame. `positions` maps joint names to radians (revolute,
 * continuous) or metres (prismatic); joints it does not name sit at 0.
 */
export function urdfLinkTransform(robot: UrdfRobot, link: string, positions: ReadonlyMap<string, number>): LinkTransform {
  let position: Vec3 = [0, 0, 0];
  let rotation: Float64Array = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);
  for (const joint of urdfChainTo(robot, link)) {
    const offset = rotationApply(rotation, joint.xyz);
    position = [position[0] + offset[0], position[1] + offset[1], position[2] + offset[2]];
    rotation = rotationMultiply(rotation, rotationFromRpy(joint.rpy[0], joint.rpy[1], joint.rpy[2]));
    const q = positions.get(joint.name) ?? 0;
    if (joint.type === 'revolute' || joint.type === 'continuous') {
      rotation = rotationMultiply(rotation, rotationAboutAxis(joint.axis, q));
    } else if (joint.type === 'prismatic') {
      const slide = rotationApply(rotation, [joint.axis[0] * q, joint.axis[1] * q, joint.axis[2] * q]);
      position = [position[0] + slide[0], position[1] + slide[1], position[2] + slide[2]];
    }
  }
  return { position, rotation };
}

/** Pose (position + quaternion w,x,y,z) of `link` in the root link's frame. */
export function urdfLinkPose(robot: UrdfRobot, link: string, positions: ReadonlyMap<string, number>): Pose {
  const { position, rotation } = urdfLinkTransform(robot, link, positions);
  return { position, quaternion: rotationToQuaternion(rotation) };
}
