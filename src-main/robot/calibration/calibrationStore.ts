// Calibrations on disk, one JSON file per physical robot, written atomically (temp file + rename) so a
// crash mid-save never leaves a half-written calibration.

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCodes, PraxisError } from '../../api';
import { type RobotCalibration, RobotCalibrationSchema } from './calibrationData';

const fileOf = (dir: string, robotId: string) => {
  if (!/^[\w.-]+$/.test(robotId))
    throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `"${robotId}" is not a usable robot name.`, 'Use letters, digits, dot, dash and underscore.');
  return join(dir, `${robotId}.json`);
};

export async function calibrationSave(dir: string, cal: RobotCalibration): Promise<string> {
  const file = fileOf(dir, cal.robotId);
  await mkdir(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(cal, null, 2)}\n`);
  await rename(tmp, file);
  return file;
}

/** The saved calibration, or null when this robot was never calibrated. */
export async function calibrationLoad(dir: string, robotId: string): Promise<RobotCalibration | null> {
  const file = fileOf(dir, robotId);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `The calibration file ${file} is not valid JSON.`, 'Recalibrate the robot (the old file will be replaced).', { file });
  }
  const r = RobotCalibrationSchema.safeParse(json);
  if (!r.success)
    throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `The calibration file ${file} is not a Praxis calibration: ${r.error.issues[0].message}.`, 'Recalibrate the robot.', {
      file,
    });
  return r.data;
}
