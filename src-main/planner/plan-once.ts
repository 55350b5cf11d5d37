// One plan: search action blocks that bring the model's predicted future to the goal, under the guardrails.
import { ErrorCodes, PraxisError } from '../api';
import type { PlanContext, PlanGoal, PlannerSettings, PlanningModel, PlanResult, WarmStart } from './types';

/**
 * Plan once from `context` toward `goal`: the search named by settings.planner (CEM, MPPI, amortised or
 * random shooting), every candidate of an iteration rolled out in one batched model call, warm-started from
 * the previous solution when given (then settings.warmIterations iterations). Returns the best action blocks
 * with their predicted ghosts, per-step costs and guardrail status, the top-k alternatives and the subgoals;
 * a plan that cannot be made safe comes back with status 'refused' and the violated constraint named (the
 * executor must not run it; planRefusalError turns it into a PLAN_REFUSED error).
 */
export async function planOnce(model: PlanningModel, context: PlanContext, goal: PlanGoal, settings: PlannerSettings, warmStart?: WarmStart): Promise<PlanResult> {
  void model;
  void context;
  void goal;
  void settings;
  void warmStart;
  throw new PraxisError(ErrorCodes.INTERNAL, 'the planner is not implemented yet', 'It lands on main later today (issue 13).');
}

/** The coded error for a refused plan, for callers that must stop (the executor, praxis plan). */
export function planRefusalError(result: PlanResult): PraxisError {
  const r = result.refusal;
  return new PraxisError(
    ErrorCodes.PLAN_REFUSED,
    r ? `The plan was refused: ${r.message}` : 'The plan was refused.',
    'Move the goal away from the constraint, relax the guardrail, or plan from a different pose.',
    r ? { constraint: r.constraint, kind: r.kind, step: r.step } : undefined,
  );
}
