import { z } from 'zod';

// Planning as the UI and the CLI see it: a goal, a plan (predicted poses, costs, guardrail verdicts),
// and its execution (commands as the gate sent them, what the arm did, and the surprise monitor).

const Vec3 = z.tuple([z.number().finite(), z.number().finite(), z.number().finite()]);
/** Where the cube should end up on the table: x, y in metres, robot base frame. */
const CubeTarget = z.tuple([z.number().finite(), z.number().finite()]);

export const GoalSpecSchema = z.discriminatedUnion('kind', [
  /** Joint targets, radians, in the robot's joint order. */
  z.object({ kind: z.literal('joints'), joints: z.array(z.number().finite()).min(1).max(16), cube: CubeTarget.optional() }).strict(),
  /** An end-effector position (the gizmo's drag), metres; IK turns it into joints. */
  z.object({ kind: z.literal('ee'), position: Vec3, cube: CubeTarget.optional() }).strict(),
  /** A frame of a recorded episode: its whole observation is the goal. */
  z
    .object({ kind: z.literal('episode'), dataset: z.string().min(1), episode: z.number().int().nonnegative(), frame: z.number().int().nonnegative(), cube: CubeTarget.optional() })
    .strict(),
  /** Push the cube to (x, y); the arm may end anywhere. */
  z.object({ kind: z.literal('cube'), cube: CubeTarget }).strict(),
]);
export type GoalSpec = z.infer<typeof GoalSpecSchema>;

/** A goal as the planner uses it: the observation it was turned into, in plain units. */
export const ResolvedGoalSchema = z.object({
  goal: GoalSpecSchema,
  /** Target joints, radians. */
  joints: z.array(z.number()),
  /** The tool position those joints put the end effector at, metres (null without a kinematic model). */
  tool: Vec3.nullable(),
  cube: CubeTarget.nullable(),
  /** How IK met an end-effector goal ('converged', 'unreachable' …); null for other goals. */
  ik: z.object({ status: z.string(), positionError: z.number() }).nullable(),
});
export type ResolvedGoalData = z.infer<typeof ResolvedGoalSchema>;

export const SurpriseEventSchema = z.object({
  /** Index of the executed block (0 = the first block of this execution). */
  block: z.number().int(),
  /** Latent error of the observed block against the model's one-block prediction. */
  error: z.number(),
  threshold: z.number(),
  /** error / threshold: over 1 stops the arm. */
  ratio: z.number(),
});
export type SurpriseEvent = z.infer<typeof SurpriseEventSchema>;

export const ExecutionPhaseSchema = z.enum(['idle', 'planning', 'executing', 'reached', 'stopped', 'refused', 'failed']);
export type ExecutionPhase = z.infer<typeof ExecutionPhaseSchema>;

/** Why an execution ended before its goal: the monitor, a refused plan, the e-stop, a budget. */
export const StopReasonSchema = z.object({
  code: z.enum(['surprise', 'refused', 'estop', 'budget', 'cancelled', 'error']),
  message: z.string(),
  /** The violated constraint when a plan was refused (e.g. 'keep-out: table'). */
  constraint: z.string().optional(),
  block: z.number().int().optional(),
});
export type StopReason = z.infer<typeof StopReasonSchema>;

const Joints = z.array(z.number());
const Vec3Out = z.tuple([z.number(), z.number(), z.number()]);

export const PlanViolationSchema = z.object({ kind: z.string(), constraint: z.string(), step: z.number().int(), amount: z.number() });

/** A plan as the Plan panel and the 3D view draw it: per step the predicted pose (the ghost), its cost and safety. */
export const PlanViewSchema = z.object({
  status: z.enum(['planned', 'refused']),
  refusal: z.object({ constraint: z.string(), kind: z.string(), step: z.number().int(), message: z.string() }).nullable(),
  /** Joints when the plan was made (step 0 of the timeline is one block after this). */
  startJoints: Joints,
  steps: z.array(
    z.object({
      /** Decoded predicted joints, radians (null without a probe). */
      joints: Joints.nullable(),
      endEffector: Vec3Out.nullable(),
      cost: z.number(),
      terms: z.record(z.string(), z.number()),
      safe: z.boolean(),
      violations: z.array(PlanViolationSchema),
    }),
  ),
  /** Runner-up candidates: their predicted tool paths, drawn faintly. */
  alternatives: z.array(z.object({ cost: z.number(), endEffector: z.array(Vec3Out) })),
  planner: z.string(),
  latencyMs: z.number(),
  /** Executed blocks when this plan was made, and how many of its steps have run since. */
  atBlock: z.number().int(),
  cursor: z.number().int(),
});
export type PlanView = z.infer<typeof PlanViewSchema>;

/** One executed block: what the model predicted for it beside what the arm did. */
export const ExecutedBlockViewSchema = z.object({
  block: z.number().int(),
  planStep: z.number().int(),
  predictedJoints: Joints.nullable(),
  observedJoints: Joints,
  predictedEndEffector: Vec3Out.nullable(),
  observedEndEffector: Vec3Out.nullable(),
  clippedFrames: z.number().int(),
  /** The block's duration on the robot's clock, seconds (nominal: frameskip / fps). */
  seconds: z.number().nullable(),
  surprise: SurpriseEventSchema.nullable(),
});
export type ExecutedBlockView = z.infer<typeof ExecutedBlockViewSchema>;

export const KeepOutBoxSchema = z.object({ name: z.string().min(1).max(60), min: Vec3, max: Vec3 }).strict();
export type KeepOutBox = z.infer<typeof KeepOutBoxSchema>;

export const PlanStatusSchema = z.object({
  phase: ExecutionPhaseSchema,
  /** The model planning with (a folder name), null before one is loaded. */
  model: z.string().nullable(),
  planner: z.string(),
  goal: ResolvedGoalSchema.nullable(),
  plan: PlanViewSchema.nullable(),
  executed: z.array(ExecutedBlockViewSchema),
  stop: StopReasonSchema.nullable(),
  /** The surprise monitor's threshold (null: the model has no calibration, the monitor is off). */
  surpriseThreshold: z.number().nullable(),
  progress: z.object({ jointError: z.number(), toolError: z.number().nullable(), cubeError: z.number().nullable(), reached: z.boolean() }).nullable(),
  keepOut: z.array(KeepOutBoxSchema),
  /** The last failure (planning could not start, the robot went away …). */
  error: z.object({ code: z.string(), message: z.string(), hint: z.string().optional() }).nullable(),
});
export type PlanStatus = z.infer<typeof PlanStatusSchema>;

export const PlanRequestSchema = z
  .object({
    /** A planner preset: fast (CEM), lewm, mppi, amortised, random. */
    planner: z.string().min(1).max(40).optional(),
    /** User keep-out boxes (the table top is always kept out). */
    keepOut: z.array(KeepOutBoxSchema).max(16).optional(),
  })
  .strict();

export const PlanExecuteSchema = z
  .object({
    /** plan: run what is left of the current plan; mpc: closed loop, replanning every `replanEvery` blocks. */
    mode: z.enum(['plan', 'mpc']),
    replanEvery: z.number().int().min(1).max(20).optional(),
    /** Robot seconds allowed (mpc). */
    budgetS: z.number().positive().max(600).optional(),
  })
  .strict();
