import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from '../profiles';
import { calibrationFromLeRobot } from './lerobotImport';

const names = ['shoulder_pan', 'shoulder_lift', 'elbow_flex', 'wrist_flex', 'wrist_roll', 'gripper'];
const file = (offsets: number[]) =>
  Object.fromEntries(names.map((n, i) => [n, { id: i + 1, drive_mode: 0, homing_offset: offsets[i], range_min: 700, range_max: 3300 }]));

describe('LeRobot calibration import', () => {
  it('keeps offsets and ranges of a good file', () => {
    const { calibration, repaired } = calibrationFromLeRobot(file([-1470, 300, 12, -5, 2047, -2047]), BUILTIN_PROFILES.so101_follower, 'arm');
    expect(repaired).toEqual([]);
    expect(calibration.joints.shoulder_pan).toEqual({ servoId: 1, homingOffset: -1470, rangeMin: 700, rangeMax: 3300, zeroTick: 2048, direction: 1 });
  });

  it('repairs the −2048 offset LeRobot writes for a servo centred at raw 0, keeping the mapping exact', () => {
    const { calibration, repaired } = calibrationFromLeRobot(JSON.stringify(file([-2048, 0, 0, 0, 0, 0])), BUILTIN_PROFILES.so101_follower, 'arm');
    expect(repaired).toEqual([{ joint: 'shoulder_pan', from: -2048, to: -2047 }]);
    // Raw 0 with offset −2047 reads 2047, which is where the joint's zero now sits.
    expect(calibration.joints.shoulder_pan).toMatchObject({ homingOffset: -2047, zeroTick: 2047 });
  });

  it('refuses a file for another arm', () => {
    expect(() => calibrationFromLeRobot({ base: { id: 1, drive_mode: 0, homing_offset: 0, range_min: 0, range_max: 4095 } }, BUILTIN_PROFILES.so101_follower, 'x')).toThrow(
      /no motor named shoulder_pan/,
    );
    expect(() => calibrationFromLeRobot('not json', BUILTIN_PROFILES.so101_follower, 'x')).toThrow(/not a LeRobot calibration/);
  });
});
