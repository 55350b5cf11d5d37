// On connect: do the servos still hold the calibration saved for this robot? Servos get swapped,
// recalibrated by another tool, or factory-reset; the user must be told before the arm moves.

import { ErrorCodes, type PraxisErrorData } from '../../api';
import type { ServoBus } from '../buses/servoBus';
import type { RobotProfile } from '../profiles/profile';
import type { RobotCalibration } from './calibrationData';

export interface CalibrationDifference {
  joint: string;
  register: 'Homing_Offset' | 'Min_Position_Limit' | 'Max_Position_Limit';
  saved: number;
  actual: number;
}

export interface CalibrationCheck {
  matches: boolean;
  differences: CalibrationDifference[];
  /** CALIBRATION_MISMATCH with the two ways forward, when it does not match. */
  error?: PraxisErrorData;
}

const REGISTERS = ['Homing_Offset', 'Min_Position_Limit', 'Max_Position_Limit'] as const;

export async function checkCalibration(bus: ServoBus, profile: RobotProfile, cal: RobotCalibration): Promise<CalibrationCheck> {
  const differences: CalibrationDifference[] = [];
  const missing = profile.joints.filter((j) => !cal.joints[j.name]).map((j) => j.name);
  const joints = profile.joints.filter((j) => cal.joints[j.name]);
  const ids = joints.map((j) => j.servoId);
  for (const register of REGISTERS) {
    const values = ids.length ? await bus.syncRead(ids, register) : new Float64Array(0);
    joints.forEach((j, i) => {
      const c = cal.joints[j.name];
      const saved = register === 'Homing_Offset' ? c.homingOffset : register === 'Min_Position_Limit' ? c.rangeMin : c.rangeMax;
      if (values[i] !== saved) differences.push({ joint: j.name, register, saved, actual: values[i] });
    });
  }
  const matches = differences.length === 0 && missing.length === 0 && cal.profileId === profile.id;
  if (matches) return { matches, differences };
  const joints_ = [...new Set([...differences.map((d) => d.joint), ...missing])];
  return {
    matches,
    differences,
    error: {
      code: ErrorCodes.CALIBRATION_MISMATCH,
      message: `The servos of ${cal.robotId} do not hold its saved calibration (${joints_.join(', ') || cal.profileId}).`,
      hint: 'Restore the saved calibration to the servos if this is the same arm, or recalibrate if servos were replaced.',
      details: { differences, missing, savedProfile: cal.profileId },
    },
  };
}

/** Write the saved calibration back to the servos (torque off first: EEPROM writes need it). */
export async function restoreCalibration(bus: ServoBus, profile: RobotProfile, cal: RobotCalibration): Promise<void> {
  const joints = profile.joints.filter((j) => cal.joints[j.name]);
  const ids = joints.map((j) => j.servoId);
  await bus.syncWrite(ids, 'Torque_Enable', ids.map(() => 0));
  for (const j of joints) {
    const c = cal.joints[j.name];
    if (bus.protocol === 'feetech') await bus.write(j.servoId, 'Lock', 0);
    await bus.write(j.servoId, 'Homing_Offset', c.homingOffset);
    await bus.write(j.servoId, 'Min_Position_Limit', c.rangeMin);
    await bus.write(j.servoId, 'Max_Position_Limit', c.rangeMax);
    if (bus.protocol === 'feetech') await bus.write(j.servoId, 'Lock', 1);
  }
}
