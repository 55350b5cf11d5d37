// What calibration stores per robot: servo registers (ticks, written to the servos) and the joint
// mapping (zero tick and direction) the link uses to turn ticks into radians.

import { z } from 'zod';

export const JointCalibrationSchema = z.object({
  servoId: z.number().int(),
  /** Homing_Offset register value as written (Feetech: |x| ≤ 2047; Dynamixel: any int32). */
  homingOffset: z.number().int(),
  /** Min/Max_Position_Limit as written, ticks. */
  rangeMin: z.number().int(),
  rangeMax: z.number().int(),
  /** Present_Position (after homing) at joint angle 0. */
  zeroTick: z.number(),
  direction: z.union([z.literal(1), z.literal(-1)]),
});
export type JointCalibration = z.infer<typeof JointCalibrationSchema>;

export const RobotCalibrationSchema = z.object({
  version: z.literal(1),
  /** The user's name for this physical robot, e.g. "left_follower". */
  robotId: z.string().min(1),
  profileId: z.string().min(1),
  protocol: z.enum(['feetech', 'dynamixel']),
  savedAt: z.string(),
  joints: z.record(z.string(), JointCalibrationSchema),
});
export type RobotCalibration = z.infer<typeof RobotCalibrationSchema>;
