// A robot profile: joints in order, each with its servo, limits and speed cap; and the bus it lives on.
// Profiles speak radians; the tick mapping comes from calibration (or the defaults here).

import { z } from 'zod';
import { ErrorCodes, PraxisError } from '../../api';

/** `custom`: a joint of a board on the Praxis line protocol, described by its own HELLO. */
export const ServoModelSchema = z.enum(['sts3215', 'xl330-m288', 'xl330-m077', 'xl430-w250', 'custom']);
export type ServoModel = z.infer<typeof ServoModelSchema>;

/** Model numbers as the servos report them (STS3215 = 777, XL330-M288 = 1200, XL430-W250 = 1060). */
export const MODEL_NUMBERS: Readonly<Record<ServoModel, number>> = {
  sts3215: 777,
  'xl330-m288': 1200,
  'xl330-m077': 1190,
  'xl430-w250': 1060,
  custom: -1,
};

export const JointProfileSchema = z
  .object({
    name: z.string().min(1),
    servoId: z.number().int().min(0).max(252),
    model: ServoModelSchema,
    /** Radians. */
    lower: z.number(),
    upper: z.number(),
    /** Radians per second: the safety layer never commands faster. */
    maxVelocity: z.number().positive().default(3),
    /** -1 when the servo is mounted so that positive ticks turn the joint negative. */
    direction: z.union([z.literal(1), z.literal(-1)]).default(1),
  })
  .refine((j) => j.lower < j.upper, { message: 'lower limit must be below upper limit' });
export type JointProfile = z.infer<typeof JointProfileSchema>;

const Vec3Schema = z.tuple([z.number(), z.number(), z.number()]);

/**
 * The box the safety gate keeps the tool inside (table top, fence, a shelf above): corners in metres in the
 * URDF's base frame, and the URDF link that is the tool.
 */
export const WorkspaceProfileSchema = z
  .object({
    min: Vec3Schema,
    max: Vec3Schema,
    tool: z.string().min(1).default('gripper_tip'),
  })
  .refine((w) => w.min.every((v, k) => v < w.max[k]), { message: 'every min corner value must be below its max' });
export type WorkspaceProfile = z.infer<typeof WorkspaceProfileSchema>;

export const RobotProfileSchema = z.object({
  id: z.string().min(1),
  displayName: z.string().min(1),
  /** `line`: a board on its own firmware speaking the Praxis line protocol (resources/firmware). */
  protocol: z.enum(['feetech', 'dynamixel', 'line']),
  baudRate: z.number().int().positive(),
  /** Leaders are moved by hand: torque stays off and targets are refused. */
  role: z.enum(['follower', 'leader']).default('follower'),
  /** URDF path relative to resources/robots. */
  urdf: z.string(),
  joints: z.array(JointProfileSchema).min(1),
  /** Optional end-effector box for the safety gate; none: joint limits and speed cap only. */
  workspace: WorkspaceProfileSchema.optional(),
});
export type RobotProfile = z.infer<typeof RobotProfileSchema>;

/** Validate a custom profile (JSON text or parsed object) with errors a user can act on. */
export function parseRobotProfile(input: unknown): RobotProfile {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `The robot profile is not valid JSON: ${(e as Error).message}`, 'Fix the JSON syntax (a linter or `jq .` shows where).');
    }
  }
  const r = RobotProfileSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new PraxisError(
      ErrorCodes.INVALID_ARGUMENT,
      `Robot profile field ${issue.path.join('.') || '(root)'}: ${issue.message}.`,
      'See the built-in profiles (`praxis robot profiles --json`) for the expected shape.',
      { issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    );
  }
  const ids = r.data.joints.map((j) => j.servoId);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup !== undefined) {
    throw new PraxisError(ErrorCodes.DUPLICATE_ID, `Servo ID ${dup} is used by two joints in profile ${r.data.id}.`, 'Give every joint its own servo ID.', {
      id: dup,
    });
  }
  return r.data;
}
