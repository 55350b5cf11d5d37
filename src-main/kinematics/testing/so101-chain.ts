// The SO-101 chain from the shipped URDF, for tests of kinematics and of the teleop sources above it.
import { robotFileRead, SO101_JOINT_NAMES, SO101_URDF, urdfParse } from '../../sim';
import { chainFromUrdf, type KinematicChain } from '../chain';

export function so101Chain(): KinematicChain {
  return chainFromUrdf(urdfParse(robotFileRead(SO101_URDF)), 'gripper_tip', SO101_JOINT_NAMES);
}
