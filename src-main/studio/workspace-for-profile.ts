// A profile's workspace box (robot/profiles: corners and a tool link) made into what the safety gate uses:
// the tool's kinematic chain from the robot's URDF. Built here, where the URDF text and its parser meet.

import { ErrorCodes, PraxisError } from '../api';
import { chainFromUrdf } from '../kinematics';
import type { RobotProfile, WorkspaceBox } from '../robot';
import { urdfParse } from '../sim';

/** The gate's workspace box for `profile`, or null when the profile sets none. */
export function workspaceForProfile(profile: RobotProfile, urdf: string): WorkspaceBox | null {
  const w = profile.workspace;
  if (!w) return null;
  try {
    const chain = chainFromUrdf(urdfParse(urdf), w.tool, profile.joints.map((j) => j.name));
    return { min: w.min, max: w.max, chain };
  } catch (e) {
    throw new PraxisError(
      ErrorCodes.INVALID_ARGUMENT,
      `Profile ${profile.id}: the workspace box needs the tool link "${w.tool}" in the robot's URDF (${(e as Error).message}).`,
      'Set workspace.tool to a link of the URDF (gripper_tip on an SO-101), or remove the workspace box.',
    );
  }
}
