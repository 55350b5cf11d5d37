// How far the robot is from a resolved goal, in the goal's own terms, and whether it is there: the tool
// within 2 cm of an end-effector goal, the cube within 3 cm of its target (the reach and push
// criteria), every joint within 0.1 rad of a joint or episode goal (the shipped model decodes joints to
// 0.02–0.03 rad one block ahead, and a wrist roll the tool position does not see is the last to settle).
import type { ResolvedGoalData } from '../api';
import type { IkSolver } from '../kinematics';
import { CUBE } from './goals';
import type { RobotState } from './goals-observation';

export const REACH_TOLERANCE_M = 0.02;
export const PUSH_TOLERANCE_M = 0.03;
export const JOINT_TOLERANCE_RAD = 0.1;

export interface GoalProgress {
  /** Largest joint error, radians (over the joints the goal sets). */
  jointError: number;
  /** Tool to the goal's tool position, metres (null without a kinematic model). */
  toolError: number | null;
  /** Cube centre to its target on the table, metres (null when the goal does not move the cube). */
  cubeError: number | null;
  /** Where the tool and the cube are now. */
  tool: [number, number, number] | null;
  cube: [number, number, number] | null;
  reached: boolean;
}

export function goalProgress(goal: ResolvedGoalData, state: RobotState, ik: IkSolver | null): GoalProgress {
  let jointError = 0;
  goal.joints.forEach((q, j) => {
    jointError = Math.max(jointError, Math.abs(state.position[j] - q));
  });
  const p = ik ? ik.forward(state.position).position : null;
  const tool: [number, number, number] | null = p ? [p[0], p[1], p[2]] : null;
  const toolError = tool && goal.tool ? Math.hypot(tool[0] - goal.tool[0], tool[1] - goal.tool[1], tool[2] - goal.tool[2]) : null;
  const c = state.objects.find((o) => o.name === CUBE);
  const cube: [number, number, number] | null = c ? [c.position[0], c.position[1], c.position[2]] : null;
  const cubeError = cube && goal.cube ? Math.hypot(cube[0] - goal.cube[0], cube[1] - goal.cube[1]) : null;
  const kind = goal.goal.kind;
  const armMet = kind === 'cube' ? true : kind === 'ee' ? toolError !== null && toolError <= REACH_TOLERANCE_M : jointError <= JOINT_TOLERANCE_RAD;
  const cubeMet = goal.cube === null || (cubeError !== null && cubeError <= PUSH_TOLERANCE_M);
  return { jointError, toolError, cubeError, tool, cube, reached: armMet && cubeMet };
}
