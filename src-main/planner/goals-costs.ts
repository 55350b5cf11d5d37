// Which decoded cost terms a goal switches on, beside LeWM's latent terminal cost: the goal's own terms
// (the tool's distance for an end-effector goal, the cube's for a push, the joints for a joint or episode
// goal), so the plan is scored in the units the goal is judged in (goals-progress.ts).
import type { ResolvedGoalData } from '../api';
import type { CostWeights } from './types';

/** m⁻²: 2 cm of tool error costs 4, well above the latent terminal cost near the goal (as bench/plan's reach). */
export const TOOL_COST_WEIGHT = 1e4;
export const CUBE_COST_WEIGHT = 1e4;
/** rad⁻²: 0.05 rad over one joint costs 2.5. */
export const JOINT_COST_WEIGHT = 1e3;

export function goalCosts(goal: ResolvedGoalData, base: CostWeights): CostWeights {
  const kind = goal.goal.kind;
  return {
    ...base,
    endEffector: kind === 'ee' && goal.tool ? TOOL_COST_WEIGHT : base.endEffector,
    joints: kind === 'joints' || kind === 'episode' ? JOINT_COST_WEIGHT : base.joints,
    cube: goal.cube ? CUBE_COST_WEIGHT : base.cube,
  };
}
