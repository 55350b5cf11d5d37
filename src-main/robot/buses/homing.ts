// Homing-offset arithmetic, where LeRobot's calibration overflows.
// Feetech STS: Present = (Actual − Offset) mod 4096, and Offset is sign-magnitude with the sign in bit 11,
// so only −2047…2047 fits. Centring a servo whose raw reading is 0 asks for −2048, which written raw
// sets bit 11 with magnitude 0 ("−0"): the servo then reads 2048 ticks (180°) away from what was meant.
// We clamp to ±2047 and record the reading the centre pose really gets (zeroTick), so the joint mapping
// stays exact. Dynamixel X: Present = Actual + Offset, a 32-bit two's-complement value: no such limit.

import type { BusProtocol } from './servoBus';

export const FEETECH_MAX_HOMING = 2047;

export interface Homing {
  /** Value for the Homing_Offset register. */
  offset: number;
  /** What Present_Position reads at the centre pose once the offset is written. */
  zeroTick: number;
}

/** The offset that makes `actual` (raw reading with offset 0) read as the middle of the turn. */
export function homingForCentre(protocol: BusProtocol, actual: number, ticksPerTurn = 4096): Homing {
  const half = ticksPerTurn / 2;
  if (protocol === 'dynamixel') return { offset: half - actual, zeroTick: half };
  let offset = actual - half; // in −2048 … 2047 for actual in 0 … 4095
  offset = Math.max(-FEETECH_MAX_HOMING, Math.min(FEETECH_MAX_HOMING, offset));
  const zeroTick = (((actual - offset) % ticksPerTurn) + ticksPerTurn) % ticksPerTurn;
  return { offset, zeroTick };
}
