// Raw ticks ↔ radians, the one place where servo units turn into joint units.
// A joint's zero is the tick it reads when the joint is at 0 rad (after homing, mid-range = 2048), and
// `direction` flips servos mounted the other way round.

import type { Radians, RadiansPerSecond, RawTicks } from '../../api';
import type { BusProtocol } from './servoBus';

export interface JointMapping {
  zeroTick: number;
  direction: 1 | -1;
  ticksPerTurn: number;
}

export const defaultMapping = (ticksPerTurn = 4096): JointMapping => ({ zeroTick: ticksPerTurn / 2, direction: 1, ticksPerTurn });

export function ticksToRadians(ticks: RawTicks | number, m: JointMapping): Radians {
  return (((ticks - m.zeroTick) * m.direction * 2 * Math.PI) / m.ticksPerTurn) as Radians;
}

export function radiansToTicks(rad: Radians | number, m: JointMapping): RawTicks {
  return Math.round(m.zeroTick + (rad * m.direction * m.ticksPerTurn) / (2 * Math.PI)) as RawTicks;
}

/** Present_Velocity register units → rad/s: Feetech counts steps/s, Dynamixel X counts 0.229 rev/min. */
export function velocityToRadiansPerSecond(raw: number, protocol: BusProtocol, m: JointMapping): RadiansPerSecond {
  const revPerSec = protocol === 'dynamixel' ? (raw * 0.229) / 60 : raw / m.ticksPerTurn;
  return (revPerSec * 2 * Math.PI * m.direction) as RadiansPerSecond;
}

/** Where position and velocity sit, so one sync read fetches both. */
export function stateBlock(protocol: BusProtocol): { address: number; length: number; position: number; velocity: number; size: number } {
  return protocol === 'dynamixel'
    ? // Present_Velocity (128, 4) then Present_Position (132, 4).
      { address: 128, length: 8, velocity: 0, position: 4, size: 4 }
    : // Present_Position (56, 2) then Present_Velocity (58, 2), sign-magnitude bit 15.
      { address: 56, length: 4, position: 0, velocity: 2, size: 2 };
}
