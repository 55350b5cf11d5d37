import { describe, expect, it } from 'vitest';
import { registerEncode } from './controlTable';
import { STS_CONTROL_TABLE } from './feetechTables';
import { homingForCentre } from './homing';

describe('homing offsets for the centre pose', () => {
  it('centres a Feetech servo so the pose reads 2048', () => {
    expect(homingForCentre('feetech', 3000)).toEqual({ offset: 952, zeroTick: 2048 });
    expect(homingForCentre('feetech', 100)).toEqual({ offset: -1948, zeroTick: 2048 });
  });

  it('never asks for a Feetech offset beyond ±2047 (raw reading 0 would need −2048)', () => {
    for (let actual = 0; actual < 4096; actual++) {
      const h = homingForCentre('feetech', actual);
      expect(() => registerEncode(STS_CONTROL_TABLE.Homing_Offset, h.offset)).not.toThrow();
      // The mapping stays exact: the centre pose reads exactly zeroTick.
      expect((((actual - h.offset) % 4096) + 4096) % 4096).toBe(h.zeroTick);
      expect(Math.abs(h.zeroTick - 2048)).toBeLessThanOrEqual(1);
    }
    expect(homingForCentre('feetech', 0)).toEqual({ offset: -2047, zeroTick: 2047 });
  });

  it('centres a Dynamixel servo with Present = Actual + Offset', () => {
    expect(homingForCentre('dynamixel', 0)).toEqual({ offset: 2048, zeroTick: 2048 });
    expect(homingForCentre('dynamixel', 4000)).toEqual({ offset: -1952, zeroTick: 2048 });
  });
});
