// A servo's control table as data: register name → address, size and how its bits encode a number.
// Both bus families store multi-byte values little-endian (Feetech STS/SMS and Dynamixel X series);
// they differ in how negatives are written, so each register says which encoding it uses.

import { ErrorCodes, PraxisError } from '../../api';

/**
 * How a register's raw bits map to a signed number.
 * - `unsigned`: plain.
 * - `twos`: two's complement over the register size (Dynamixel).
 * - `signMagnitude`: Feetech's bit-N sign flag over a magnitude in the bits below it. Homing_Offset uses
 *   bit 11, so its magnitude tops out at 2047 — a value of ±2048 does not fit (LeRobot's overflow bug).
 */
export type RegisterEncoding =
  | { readonly kind: 'unsigned' }
  | { readonly kind: 'twos' }
  | { readonly kind: 'signMagnitude'; readonly signBit: number };

export interface Register {
  readonly address: number;
  readonly size: 1 | 2 | 4;
  readonly encoding: RegisterEncoding;
  /** EEPROM registers persist across power cycles; the servo may refuse writes there while torque is on. */
  readonly area: 'eeprom' | 'ram';
  readonly writable: boolean;
}

export type ControlTable = Readonly<Record<string, Register>>;

export const UNSIGNED: RegisterEncoding = { kind: 'unsigned' };
export const TWOS: RegisterEncoding = { kind: 'twos' };
export const signMagnitude = (signBit: number): RegisterEncoding => ({ kind: 'signMagnitude', signBit });

/** Build a register entry tersely: `reg(42, 2, 'ram', true, signMagnitude(15))`. */
export function reg(
  address: number,
  size: 1 | 2 | 4,
  area: 'eeprom' | 'ram',
  writable: boolean,
  encoding: RegisterEncoding = UNSIGNED,
): Register {
  return { address, size, area, writable, encoding };
}

/** The range of numbers a register can hold, after its sign encoding. */
export function registerRange(r: Register): { min: number; max: number } {
  const bits = r.size * 8;
  switch (r.encoding.kind) {
    case 'unsigned':
      return { min: 0, max: 2 ** bits - 1 };
    case 'twos':
      return { min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 };
    case 'signMagnitude': {
      const m = 2 ** r.encoding.signBit - 1;
      return { min: -m, max: m };
    }
  }
}

/** Number → the register's raw unsigned bits. Throws INVALID_ARGUMENT rather than silently wrapping. */
export function registerEncode(r: Register, value: number, name = 'register'): number {
  const { min, max } = registerRange(r);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new PraxisError(
      ErrorCodes.INVALID_ARGUMENT,
      `${name} cannot hold ${value}: it stores integers from ${min} to ${max}.`,
      'Pass a value inside the register range; for homing offsets, recalibrate so the offset fits.',
      { register: name, value, min, max },
    );
  }
  const bits = r.size * 8;
  switch (r.encoding.kind) {
    case 'unsigned':
      return value;
    case 'twos':
      return value < 0 ? value + 2 ** bits : value;
    case 'signMagnitude':
      return value < 0 ? -value | (1 << r.encoding.signBit) : value;
  }
}

/** Raw unsigned bits → number, following the register's sign encoding. */
export function registerDecode(r: Register, raw: number): number {
  const bits = r.size * 8;
  switch (r.encoding.kind) {
    case 'unsigned':
      return raw;
    case 'twos':
      return raw >= 2 ** (bits - 1) ? raw - 2 ** bits : raw;
    case 'signMagnitude': {
      const sign = 1 << r.encoding.signBit;
      const magnitude = raw & (sign - 1);
      return raw & sign ? -magnitude : magnitude;
    }
  }
}

/** Write `raw` little-endian into `out` at `offset`, `size` bytes. */
export function writeLE(out: Uint8Array, offset: number, size: number, raw: number): void {
  for (let i = 0; i < size; i++) out[offset + i] = Math.floor(raw / 2 ** (8 * i)) & 0xff;
}

/** Read `size` bytes little-endian from `bytes` at `offset` as an unsigned number. */
export function readLE(bytes: Uint8Array, offset: number, size: number): number {
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + bytes[offset + i];
  return v;
}

/** Find a register by name, with a coded error naming the table's registers when it is unknown. */
export function registerLookup(table: ControlTable, name: string, tableName: string): Register {
  const r = table[name];
  if (!r) {
    throw new PraxisError(
      ErrorCodes.INVALID_ARGUMENT,
      `${tableName} has no register named "${name}".`,
      `Use one of: ${Object.keys(table).join(', ')}.`,
      { register: name },
    );
  }
  return r;
}
