// Dynamixel Protocol 2.0 packet codec: pure functions over bytes, never a port.
// Packet: FF FF FD 00 ID LEN_L LEN_H INST PARAMS… CRC_L CRC_H, LEN = instruction + params + CRC (after
// stuffing). Byte stuffing: wherever FF FF FD appears inside the instruction/params, an extra FD follows,
// so the header can never occur inside a packet. The CRC covers the stuffed bytes from the header on.

import { dynamixelCrc } from './dynamixelCrc';

export const DYNAMIXEL_BROADCAST_ID = 0xfe;

export const DynamixelInstruction = {
  PING: 0x01,
  READ: 0x02,
  WRITE: 0x03,
  REG_WRITE: 0x04,
  ACTION: 0x05,
  FACTORY_RESET: 0x06,
  REBOOT: 0x08,
  CLEAR: 0x10,
  STATUS: 0x55,
  SYNC_READ: 0x82,
  SYNC_WRITE: 0x83,
  FAST_SYNC_READ: 0x8a,
  BULK_READ: 0x92,
  BULK_WRITE: 0x93,
  FAST_BULK_READ: 0x9a,
} as const;

/** Low 7 bits of a status packet's error byte; bit 7 is the hardware alert flag. */
export const DynamixelResult = {
  RESULT_FAIL: 1,
  INSTRUCTION_ERROR: 2,
  CRC_ERROR: 3,
  DATA_RANGE_ERROR: 4,
  DATA_LENGTH_ERROR: 5,
  DATA_LIMIT_ERROR: 6,
  ACCESS_ERROR: 7,
} as const;
export const DYNAMIXEL_ALERT_BIT = 0x80;

const RESULT_TEXT: Record<number, string> = {
  1: 'the servo failed to process the instruction',
  2: 'undefined instruction, or ACTION without REG_WRITE',
  3: 'the packet CRC did not match',
  4: 'the data is too long for the register range',
  5: 'the data is shorter than the register',
  6: 'the value is outside the register limit',
  7: 'access denied: read-only register, or EEPROM write while torque is on',
};

export function dynamixelErrorText(error: number): string {
  const parts: string[] = [];
  const result = error & 0x7f;
  if (result) parts.push(RESULT_TEXT[result] ?? `unknown result code ${result}`);
  if (error & DYNAMIXEL_ALERT_BIT) parts.push('hardware alert (read Hardware_Error_Status)');
  return parts.join('; ');
}

/** One decoded, unstuffed packet. Status packets have instruction 0x55 and the error byte at params[0]. */
export interface DynamixelFrame {
  readonly id: number;
  readonly instruction: number;
  readonly params: Uint8Array;
}

/** Encode a packet; `stuff: false` only for FAST_SYNC_READ replies, which the SDK reads unstuffed. */
export function dynamixelPacket(id: number, instruction: number, params: ArrayLike<number> = [], stuff = true): Uint8Array {
  const body: number[] = [instruction];
  for (let i = 0; i < params.length; i++) {
    const b = params[i];
    body.push(b);
    const n = body.length;
    if (stuff && b === 0xfd && n >= 3 && body[n - 2] === 0xff && body[n - 3] === 0xff) body.push(0xfd);
  }
  const len = body.length + 2;
  const out = new Uint8Array(len + 7);
  out.set([0xff, 0xff, 0xfd, 0x00, id, len & 0xff, len >> 8], 0);
  out.set(body, 7);
  const crc = dynamixelCrc(out, 0, out.length - 2);
  out[out.length - 2] = crc & 0xff;
  out[out.length - 1] = crc >> 8;
  return out;
}

/** Remove stuffing from the instruction+params bytes of a packet. */
export function dynamixelUnstuff(body: Uint8Array): Uint8Array {
  let stuffed = 0;
  for (let i = 3; i < body.length; i++)
    if (body[i] === 0xfd && body[i - 1] === 0xfd && body[i - 2] === 0xff && body[i - 3] === 0xff) stuffed++;
  if (stuffed === 0) return body;
  const out = new Uint8Array(body.length - stuffed);
  let o = 0;
  for (let i = 0; i < body.length; i++) {
    if (i >= 3 && body[i] === 0xfd && body[i - 1] === 0xfd && body[i - 2] === 0xff && body[i - 3] === 0xff) continue;
    out[o++] = body[i];
  }
  return out;
}

const u16 = (v: number) => [v & 0xff, (v >> 8) & 0xff];

export const dynamixelPing = (id: number) => dynamixelPacket(id, DynamixelInstruction.PING);

export const dynamixelRead = (id: number, address: number, length: number) =>
  dynamixelPacket(id, DynamixelInstruction.READ, [...u16(address), ...u16(length)]);

export const dynamixelWrite = (id: number, address: number, data: ArrayLike<number>, registered = false) =>
  dynamixelPacket(id, registered ? DynamixelInstruction.REG_WRITE : DynamixelInstruction.WRITE, [
    ...u16(address),
    ...Array.from(data),
  ]);

export const dynamixelAction = (id = DYNAMIXEL_BROADCAST_ID) => dynamixelPacket(id, DynamixelInstruction.ACTION);
export const dynamixelReboot = (id: number) => dynamixelPacket(id, DynamixelInstruction.REBOOT);

export function dynamixelSyncRead(address: number, length: number, ids: ArrayLike<number>, fast = false): Uint8Array {
  return dynamixelPacket(
    DYNAMIXEL_BROADCAST_ID,
    fast ? DynamixelInstruction.FAST_SYNC_READ : DynamixelInstruction.SYNC_READ,
    [...u16(address), ...u16(length), ...Array.from(ids)],
  );
}

/** `data` holds `length` bytes per id, in the order of `ids`. */
export function dynamixelSyncWrite(address: number, length: number, ids: ArrayLike<number>, data: Uint8Array): Uint8Array {
  const params = [...u16(address), ...u16(length)];
  for (let i = 0; i < ids.length; i++) params.push(ids[i], ...data.subarray(i * length, (i + 1) * length));
  return dynamixelPacket(DYNAMIXEL_BROADCAST_ID, DynamixelInstruction.SYNC_WRITE, params);
}

export interface BulkReadItem {
  readonly id: number;
  readonly address: number;
  readonly length: number;
}

export function dynamixelBulkRead(items: readonly BulkReadItem[], fast = false): Uint8Array {
  const params: number[] = [];
  for (const it of items) params.push(it.id, ...u16(it.address), ...u16(it.length));
  return dynamixelPacket(
    DYNAMIXEL_BROADCAST_ID,
    fast ? DynamixelInstruction.FAST_BULK_READ : DynamixelInstruction.BULK_READ,
    params,
  );
}

export interface BulkWriteItem {
  readonly id: number;
  readonly address: number;
  readonly data: Uint8Array;
}

export function dynamixelBulkWrite(items: readonly BulkWriteItem[]): Uint8Array {
  const params: number[] = [];
  for (const it of items) params.push(it.id, ...u16(it.address), ...u16(it.data.length), ...it.data);
  return dynamixelPacket(DYNAMIXEL_BROADCAST_ID, DynamixelInstruction.BULK_WRITE, params);
}

export const dynamixelStatus = (id: number, error: number, data: ArrayLike<number> = []) =>
  dynamixelPacket(id, DynamixelInstruction.STATUS, [error, ...Array.from(data)]);

/**
 * The single status packet that answers FAST_SYNC_READ: ID 0xFE, then per servo ERR ID DATA CRC, where
 * each intermediate CRC covers the packet so far and the last one is the packet's own CRC.
 */
export function dynamixelFastSyncStatus(entries: ReadonlyArray<{ id: number; error: number; data: Uint8Array }>): Uint8Array {
  const dataLength = entries.reduce((n, e) => n + e.data.length + 4, 0);
  const len = 1 + dataLength;
  const out = new Uint8Array(7 + len);
  out.set([0xff, 0xff, 0xfd, 0x00, DYNAMIXEL_BROADCAST_ID, len & 0xff, len >> 8, DynamixelInstruction.STATUS], 0);
  let o = 8;
  for (const e of entries) {
    out[o++] = e.error;
    out[o++] = e.id;
    out.set(e.data, o);
    o += e.data.length;
    const crc = dynamixelCrc(out, 0, o);
    out[o++] = crc & 0xff;
    out[o++] = crc >> 8;
  }
  return out;
}

/**
 * Split a parsed FAST_SYNC_READ status (params after the instruction, packet CRC already stripped, so the
 * last servo has no trailing CRC) into per-servo results; null when the layout does not fit.
 */
export function dynamixelFastSyncSplit(
  params: Uint8Array,
  dataLength: number,
): Array<{ id: number; error: number; data: Uint8Array }> | null {
  const stride = dataLength + 4;
  if ((params.length + 2) % stride !== 0) return null;
  const out: Array<{ id: number; error: number; data: Uint8Array }> = [];
  for (let at = 0; at < params.length; at += stride)
    out.push({ error: params[at], id: params[at + 1], data: params.subarray(at + 2, at + 2 + dataLength) });
  return out;
}
