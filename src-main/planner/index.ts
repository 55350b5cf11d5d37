// The planner's public face: latent MPC over a world model (CEM, MPPI, an amortised fast path, random
// shooting as the baseline), its costs and guardrails, and subgoals.
//
// How to use it (the executor, `praxis plan`, the bench):
//   const model = await planningModelLoad('models/sim-arm');            // world model + SO-101 chain
//   const settings = plannerSettings('fast', { costs: { ...DEFAULT_COSTS, endEffector: 100 } });
//   const goal = await planGoalFromObservation(model, goalObservation, { endEffector: [x, y, z] });
//   let plan = await planOnce(model, await planContextFromObservations(model, lastObs, lastActs), goal, settings);
//   if (plan.status === 'refused') throw planRefusalError(plan);         // the constraint is named
//   … send plan.actions' first settings.replanEvery blocks (raw radians) through the safety gate …
//   plan = await planOnce(model, nextContext, goal, settings, { actions: plan.actions, executedBlocks: settings.replanEvery });
export type {
  Box3,
  CostWeights,
  GuardrailKind,
  GuardrailSettings,
  GuardrailViolation,
  KeepOutZone,
  PlanAlternative,
  PlanContext,
  PlanGoal,
  PlannerKind,
  PlannerSettings,
  PlanningModel,
  PlanRefusal,
  PlanResult,
  PlanRobot,
  PlanStats,
  PlanStep,
  RolloutView,
  StepCost,
  Subgoal,
  SubgoalSettings,
  UserCostTerm,
  WarmStart,
} from './types';
export { DEFAULT_COSTS, DEFAULT_GUARDRAILS, PLANNER_PRESETS, type PlannerPresetName, plannerPresetNames, plannerSettings } from './presets';
export { planOnce, planRefusalError } from './plan-once';
export { endEffectorOf, planContextFromObservations, planGoalFromObservation, planningModelLoad, planningModelFromWorldModel, so101PlanRobot, TABLE_TOP } from './planning-model';
