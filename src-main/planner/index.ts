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
//   plan = await planOnce(model, nextContext, goal, settings, warmStartFrom(plan, settings.replanEvery));
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
export { type PlanOptions, planOnce, planRefusalError, warmStartFrom } from './plan-once';
export { COST_TERMS } from './costs';
export { boxDepth, boxExcess } from './guardrails';
export { endEffectorOf, planContextFromObservations, planGoalFromObservation, planningModelLoad, planningModelFromWorldModel, so101PlanRobot, TABLE_TOP } from './planning-model';

// ---- goals, execution and the surprise monitor (the executor's side) ---------------------------------------
export { CUBE, EE_GOAL_TOLERANCE_M, type GoalWorld, goalResolve, type RecordedFrame, recordedFrameOf, type ResolvedGoal } from './goals';
export { type ObservationColumn, observationColumns, observationOfState, observesAllObjects, type RobotState } from './goals-observation';
export { type GoalProgress, goalProgress, JOINT_TOLERANCE_RAD, PUSH_TOLERANCE_M, REACH_TOLERANCE_M } from './goals-progress';
export { goalCosts } from './goals-costs';
export { PlanExecutor, type PlanExecutorOptions } from './executor';
export type { CommandVerdict, ExecutedBlock, ExecutionArm, ExecutionEvent, ExecutionSummary, GuardrailEvent } from './executor-types';
export { type GatedArm, gatedExecutionArm } from './executor-arms';
export {
  DEFAULT_SURPRISE_QUANTILE,
  latentDistance,
  oneBlockLatentErrors,
  SURPRISE_FILE,
  type SurpriseCalibration,
  surpriseCalibrationFromErrors,
  surpriseCalibrationRead,
  surpriseCalibrationWrite,
  SurpriseMonitor,
} from './surprise';
