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
