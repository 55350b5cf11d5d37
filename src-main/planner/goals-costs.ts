// Which decoded cost terms a goal switches on, beside LeWM's latent terminal cost: the goal's own terms
// (the tool's distance for an end-effector goal, the cube's for a push, the joints for a joint or episode
// goal), so the plan is scored in the units the goal is judged in (goals-progress.ts).
import type { ResolvedGoalData } from '../api';
import type { CostWeights } from './types';

/** m⁻²: 2 cm of tool error costs 0.04, about a latent distance of 0.2. */
export const TOOL_COST_WEIGHT = 100;
export const CUBE_COST_WEIGHT = 100;
/** rad⁻²: 0.05 rad over one joint costs 0.0025. */
export const JOINT_COST_WEIGHT = 1;

export function goalCosts(goal: ResolvedGoalData, base: CostWeights): CostWeights {
  const kind = goal.goal.kind;
  return {
    ...base,
    endEffector: kind === 'ee' && goal.tool ? TOOL_COST_WEIGHT : base.endEffector,
    joints: kind === 'joints' || kind === 'episode' ? JOINT_COST_WEIGHT : base.joints,
    cube: goal.cube ? CUBE_COST_WEIGHT : base.cube,
  };
}
