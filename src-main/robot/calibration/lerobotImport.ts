// Import a LeRobot calibration file (motor name → {id, drive_mode, homing_offset, range_min, range_max}),
// so users moving from LeRobot keep their calibrated arm. LeRobot centres with offset = position − 2048,
// which for a servo reading 0 yields −2048: one past what the Feetech register holds (bit 11 is the sign).
// Such files are repaired to the nearest offset that fits (−2047, centre then reads 2047), and say so.

import { z } from 'zod';
import { ErrorCodes, PraxisError } from '../../api';
import { FEETECH_MAX_HOMING } from '../buses/homing';
import type { RobotProfile } from '../profiles/profile';
import type { JointCalibration, RobotCalibration } from './calibrationData';

const LeRobotMotorSchema = z.object({
  id: z.number().int(),
  drive_mode: z.number().int(),
  homing_offset: z.number().int(),
  range_min: z.number().int(),
  range_max: z.number().int(),
});
const LeRobotFileSchema = z.record(z.string(), LeRobotMotorSchema);

export interface LeRobotImport {
  calibration: RobotCalibration;
  /** Joints whose homing offset overflowed the Feetech register in LeRobot and were repaired. */
  repaired: Array<{ joint: string; from: number; to: number }>;
}

export function calibrationFromLeRobot(json: unknown, profile: RobotProfile, robotId: string): LeRobotImport {
  const parsed = LeRobotFileSchema.safeParse(typeof json === 'string' ? safeJson(json) : json);
  if (!parsed.success)
    throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'This is not a LeRobot calibration file.', 'Pick the JSON that LeRobot wrote under ~/.cache/huggingface/lerobot/calibration/.');
  const file = parsed.data;
  const protocol = profile.protocol;
  if (protocol === 'line') throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'LeRobot calibrations are for servo-bus arms.', 'Choose an SO-101 or Koch profile.');
  const joints: Record<string, JointCalibration> = {};
  const repaired: LeRobotImport['repaired'] = [];
  for (const j of profile.joints) {
    const m = file[j.name];
    if (!m)
      throw new PraxisError(ErrorCodes.CALIBRATION_MISMATCH, `The LeRobot file has no motor named ${j.name}.`, `It must describe: ${profile.joints.map((x) => x.name).join(', ')}.`);
    if (m.id !== j.servoId)
      throw new PraxisError(ErrorCodes.CALIBRATION_MISMATCH, `In the LeRobot file ${j.name} is servo ${m.id}; profile ${profile.id} has it on ${j.servoId}.`, 'Use the matching profile, or fix the servo IDs.');
    let offset = m.homing_offset;
    let zeroTick = 2048;
    if (protocol === 'feetech' && Math.abs(offset) > FEETECH_MAX_HOMING) {
      const to = Math.sign(offset) * FEETECH_MAX_HOMING;
      repaired.push({ joint: j.name, from: offset, to });
      zeroTick = 2048 + (offset - to);
      offset = to;
    }
    joints[j.name] = {
      servoId: m.id,
      homingOffset: offset,
      rangeMin: m.range_min,
      rangeMax: m.range_max,
      zeroTick,
      direction: m.drive_mode ? -1 : 1,
    };
  }
  return {
    calibration: { version: 1, robotId, profileId: profile.id, protocol, savedAt: new Date().toISOString(), joints },
    repaired,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
