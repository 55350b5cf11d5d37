import { z } from 'zod';

// The calibration wizard of a serial arm: torque off → pose mid-range → sweep every joint end to end →
// limits and homing offsets written (never overflowing), saved per robot, and checked at every connect.

export const CalibrationStepSchema = z.enum(['idle', 'centre', 'sweep', 'done']);

export const CalibrationStatusSchema = z.object({
  /** Whether the connected robot can be calibrated at all (a servo arm on a serial port). */
  available: z.boolean(),
  step: CalibrationStepSchema,
  robotId: z.string().nullable(),
  /** The calibration saved for this robot, if any. */
  saved: z.object({ savedAt: z.string() }).nullable(),
  /** What the connect-time check found: the servos' registers against the saved calibration. */
  check: z
    .object({
      matches: z.boolean(),
      differences: z.array(z.object({ joint: z.string(), register: z.string(), saved: z.number(), actual: z.number() })),
    })
    .nullable(),
  /** During the sweep: each joint's travel so far, in ticks. */
  sweep: z.array(z.object({ name: z.string(), present: z.number(), min: z.number(), max: z.number(), span: z.number() })).nullable(),
  /** Travel a joint needs before finish accepts it. */
  minSpan: z.number(),
});
export type CalibrationStatus = z.infer<typeof CalibrationStatusSchema>;
