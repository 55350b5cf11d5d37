// The planner's vocabulary: what a plan is asked for (settings, goal, context), what the search rolls out
// (a PlanningModel: a world model bound to a robot), and what comes back (a PlanResult the executor runs,
// the Plan panel draws and the bench scores). Arrays are row-major Float32Arrays in raw units — radians for
// joints and actions, metres for positions — never normalised: normalisation lives in model/runtime.
import type { KinematicChain } from '../kinematics';

// ---- settings ----------------------------------------------------------------------------------------------

export type PlannerKind = 'cem' | 'mppi' | 'amortised' | 'random';

/** Search settings. Presets in presets.ts; `lewm` is LeWM's published CEM. */
export interface PlannerSettings {
  planner: PlannerKind;
  /** Blocks planned ahead (one block = frameskip raw actions). LeWM: 5. */
  horizon: number;
  /** Candidates per iteration, all rolled out in one batched call. LeWM: 300. */
  samples: number;
  /** Iterations of a cold plan. LeWM: 30. */
  iterations: number;
  /** Iterations when warm-started from the previous (shifted) solution. */
  warmIterations: number;
  /** CEM: candidates the next distribution is refitted on. LeWM: 30. */
  elites: number;
  /**
   * MPPI: weights exp(−(cost − min)/λ) with λ = temperature × (median − min) of the batch's costs, so the
   * temperature means the same whatever the cost's scale (0.1: the median candidate weighs e^−10 of the best).
   */
  temperature: number;
  /** Amortised: finite-difference gradient steps refining the warm start (each one batched rollout + a line search). */
  refineSteps: number;
  /** Sampling std of a cold start, radians of joint target per action. */
  initStd: number;
  /** The std is kept above this so the search never freezes (radians). */
  minStd: number;
  /** Weight of the squared change between consecutive actions (in and across blocks), per rad². */
  smoothness: number;
  /** Receding horizon: the executor runs this many blocks, then replans. LeWM: 5 (= the whole horizon). */
  replanEvery: number;
  /** Alternatives returned for drawing (the best distinct candidates of the last iteration). */
  topK: number;
  /** Seed of the sampler; the same seed, context and goal give the same plan. */
  seed: number;
  costs: CostWeights;
  guardrails: GuardrailSettings;
  /** Subgoals for the hierarchical planner; absent: flat MPC. */
  subgoals?: SubgoalSettings;
}

/** Weights of the cost terms; a zero weight switches a term off (and skips its work). */
export interface CostWeights {
  /** ‖ẑ_H − z_goal‖² at the last step (LeWM's cost). */
  latentTerminal: number;
  /** Σ_t ‖ẑ_t − z_goal‖² over the earlier steps, divided by the horizon. */
  latentRunning: number;
  /** ‖ee(x̂_H) − ee_goal‖² in m², ee by forward kinematics of the probe-decoded joints. Needs goal.endEffector. */
  endEffector: number;
  /** ‖cube_xy(x̂_H) − cube_goal‖² in m². Needs goal.cube. */
  cube: number;
  /** ‖q(x̂_H) − q_goal‖² in rad² over the joints. Needs goal.joints. */
  joints: number;
  /** Added per violated guardrail per step, times how far it is violated (rad, rad/s, m …) plus one. */
  guardrail: number;
}

/** A user's cost term (task scripts supply these): batched over candidates for speed. */
export interface UserCostTerm {
  /** Shown in the per-step cost breakdown. */
  name: string;
  weight: number;
  /**
   * Add this term's unweighted cost per candidate and step into `out` [N, H]. `observations` are the
   * probe-decoded states [N, H, obsDim] (null when the model has no probe), `actions` [N, H, blockDim].
   */
  evaluate(batch: RolloutView, out: Float32Array): void;
}

/** Axis-aligned box in the robot's base frame, metres. */
export interface Box3 {
  min: readonly [number, number, number];
  max: readonly [number, number, number];
}

export interface KeepOutZone {
  /** Named in a refusal: "table top", "camera mount" … */
  name: string;
  box: Box3;
}

export interface GuardrailSettings {
  /** Keep decoded joints within the chain's limits, shrunk by this margin (rad). Null: off. */
  jointLimitMargin: number | null;
  /** Per-joint speed limit in rad/s between consecutive decoded steps (block duration from the card). */
  maxVelocity: number | null;
  /** rad/s² between consecutive decoded step velocities. */
  maxAcceleration: number | null;
  /** The end-effector must stay inside this box. Null: off. */
  workspace: Box3 | null;
  /** The end-effector must stay out of these (the table top, user boxes). */
  keepOut: KeepOutZone[];
  /**
   * penalise: unsafe candidates cost more, and the plan is refused only if the best one is still unsafe;
   * reject: an unsafe candidate can never be the elite or the answer (infinite cost).
   */
  mode: 'penalise' | 'reject';
}

export interface SubgoalSettings {
  /** Subgoals proposed between the start and the goal (ignored when the goal lists waypoints). */
  count: number;
  /** Blocks per coarse high-level step (macro-action = this many blocks held constant). */
  blocksPerStep: number;
  /** The low-level MPC moves to the next subgoal once the predicted ee is within this distance (m). */
  reachedWithin: number;
}

// ---- the model the search rolls out ------------------------------------------------------------------------

/** One batched rollout's output. Views share memory with the model's buffers: copy what you keep. */
export interface RolloutView {
  count: number;
  horizon: number;
  /** [N, H, blockDim] raw radians: the candidates rolled out. */
  actions: Float32Array;
  /** [N, H, Z] predicted latents. */
  latents: Float32Array;
  /** [N, H, obsDim] probe-decoded observations, raw units; null without a probe. */
  observations: Float32Array | null;
}

/** The robot a model drives, for end-effector costs and guardrails. */
export interface PlanRobot {
  /** FK chain to the tool, reading the robot's joint array (the model's jointDims, in order). */
  chain: KinematicChain | null;
  jointNames: readonly string[];
}

/**
 * A world model as the planner sees it: a context is bound once per plan, then candidates roll out in one
 * call per iteration. `planningModelOpen` (runtime-backed) makes one; tests pass analytic dynamics.
 */
export interface PlanningModel {
  readonly latentDim: number;
  readonly obsDim: number;
  readonly actDim: number;
  /** Observations of context the model reads (the context holds at most this many latents). */
  readonly history: number;
  readonly frameskip: number;
  /** frameskip × actDim. */
  readonly blockDim: number;
  /** Seconds per raw action (1 / fps); a block lasts frameskip × this. */
  readonly actionPeriod: number;
  /** Observation dims that are joint positions, in the robot's joint order. */
  readonly jointDims: readonly number[];
  /** Observation dims of the cube's x and y (null: the model sees no cube). */
  readonly cubeDims: readonly [number, number] | null;
  readonly robot: PlanRobot;
  /** Encode raw observations [rows, obsDim] to latents [rows, Z] (goals, the current state). */
  encode(observations: Float32Array): Promise<Float32Array>;
  /** Decode latents [rows, Z] to raw observations [rows, obsDim]; null without a probe. */
  decode(latents: Float32Array): Promise<Float32Array | null>;
  /** Roll `count` candidates [count, horizon, blockDim] from `context`; one batched call. */
  rollout(context: PlanContext, candidates: Float32Array, count: number, horizon: number): Promise<RolloutView>;
}

// ---- a plan request ----------------------------------------------------------------------------------------

/** Where the robot is now, as the model sees it. */
export interface PlanContext {
  /** Latents [c, Z] of the last c observations (1 ≤ c ≤ the model's history), oldest first. */
  latents: Float32Array;
  /** The c − 1 raw action blocks executed between them [c − 1, blockDim]. */
  actions: Float32Array;
  /** The current raw observation [obsDim] (guardrails measure the first step's velocity from it). */
  observation: Float32Array;
}

/** A goal: the encoded goal observation, plus what decoded costs and the plan view compare against. */
export interface PlanGoal {
  /** z_goal [Z]: the model's encoding of the goal observation. */
  latent: Float32Array;
  /** The goal observation itself [obsDim], raw units, when one exists (episode frame, IK solution). */
  observation?: Float32Array;
  /** Target joint positions (rad), the robot's joint order. */
  joints?: Float32Array;
  /** Target end-effector position (m), base frame. */
  endEffector?: readonly [number, number, number];
  /** Target cube centre x, y on the table (m). */
  cube?: readonly [number, number];
  /** User waypoints for the hierarchy, in order (each a goal of its own); the last is this goal's lead-in. */
  waypoints?: PlanGoal[];
}

/** The previous solution, to start the next search from. */
export interface WarmStart {
  /** [H, blockDim] the previous mean (a PlanResult's actions). */
  actions: Float32Array;
  /** Blocks executed since it was planned: the mean is shifted left by this and the tail repeated. */
  executedBlocks: number;
  /**
   * The subgoal that was active (index into its subgoals): a reached subgoal stays reached, so a push that
   * leaves the point behind the cube does not go back to it. warmStartFrom fills it.
   */
  activeSubgoal?: number;
}

// ---- the answer ----------------------------------------------------------------------------------------------

export type GuardrailKind = 'joint-limit' | 'velocity' | 'acceleration' | 'workspace' | 'keep-out';

export interface GuardrailViolation {
  kind: GuardrailKind;
  /** Plain words: "keep-out zone 'table top'", "elbow_flex joint limit", "wrist_flex velocity". */
  constraint: string;
  /** Plan step (0-based block index). */
  step: number;
  /** How far past the limit, in the constraint's unit (rad, rad/s, rad/s², m). */
  amount: number;
}

export interface StepCost {
  total: number;
  /** By term name: latentTerminal, latentRunning, endEffector, cube, joints, smoothness, guardrail, user terms. */
  terms: Record<string, number>;
}

export interface PlanStep {
  /** Decoded predicted observation [obsDim] (null without a probe): the ghost of this step. */
  observation: Float32Array | null;
  /** Predicted end-effector (m), FK of the decoded joints; null without probe or chain. */
  endEffector: [number, number, number] | null;
  cost: StepCost;
  safe: boolean;
  violations: GuardrailViolation[];
}

/** A runner-up candidate, drawn faintly. */
export interface PlanAlternative {
  cost: number;
  /** [H, blockDim] */
  actions: Float32Array;
  /** [H, obsDim] decoded (null without a probe). */
  observations: Float32Array | null;
  /** [H, 3] end-effector positions (null without probe or chain). */
  endEffector: Float32Array | null;
}

export interface Subgoal {
  /** Where it came from: proposed by the high-level planner, or a user's waypoint. */
  source: 'planner' | 'waypoint';
  latent: Float32Array;
  /** Decoded [obsDim], for drawing. */
  observation: Float32Array | null;
  endEffector: [number, number, number] | null;
  /** Whether the low-level plan was tracking this subgoal (the first not yet reached). */
  active: boolean;
}

export interface PlanRefusal {
  /** The violated constraint, in plain words (the first violation of the best plan). */
  constraint: string;
  kind: GuardrailKind;
  step: number;
  message: string;
}

export interface PlanStats {
  planner: PlannerKind;
  iterations: number;
  /** candidates × horizon × iterations rolled out. */
  candidateSteps: number;
  warm: boolean;
  /** Wall time of planOnce, and of its rollout calls alone (ms). */
  totalMs: number;
  rolloutMs: number;
}

export interface PlanResult {
  status: 'planned' | 'refused';
  horizon: number;
  blockDim: number;
  /** [H, blockDim] the best action blocks, raw radians (joint targets), ready for the gate. */
  actions: Float32Array;
  /** [H, Z] predicted latents of the best plan. */
  latents: Float32Array;
  /** Per step: ghost, cost breakdown, guardrail status. */
  steps: PlanStep[];
  /** Total cost of the best plan. */
  cost: number;
  alternatives: PlanAlternative[];
  /** Subgoals when the hierarchy is on (empty otherwise). */
  subgoals: Subgoal[];
  /** Set when status is 'refused': the plan could not be made safe. */
  refusal: PlanRefusal | null;
  stats: PlanStats;
}
