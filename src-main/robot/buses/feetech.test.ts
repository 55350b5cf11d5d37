import { describe, expect, it } from 'vitest';
import { registerDecode, registerEncode } from './controlTable';
import {
  type FeetechFrame,
  feetechAction,
  feetechPing,
  feetechRead,
  feetechStatus,
  feetechSyncRead,
  feetechSyncWrite,
  feetechWrite,
} from './feetech';
import { FeetechParser } from './feetechParser';
import { feetechErrorText, STS_CONTROL_TABLE } from './feetechTables';
import { toHex } from './testHex';

describe('Feetech STS codec, against the packets printed in the Feetech protocol manual', () => {
  it('reads Present_Position (56, 2 bytes) of ID 1 as FF FF 01 04 02 38 02 BE', () => {
    expect(toHex(feetechRead(1, STS_CONTROL_TABLE.Present_Position.address, 2))).toBe('FF FF 01 04 02 38 02 BE');
  });

  it('pings ID 1 as FF FF 01 02 01 FB', () => {
    expect(toHex(feetechPing(1))).toBe('FF FF 01 02 01 FB');
  });

  it('writes goal 2048, time 0, speed 1000 from address 0x2A as the manual example', () => {
    const data = [0x00, 0x08, 0x00, 0x00, 0xe8, 0x03];
    expect(toHex(feetechWrite(1, 0x2a, data))).toBe('FF FF 01 09 03 2A 00 08 00 00 E8 03 D5');
  });

  it('encodes REG_WRITE with instruction 0x04 and ACTION as a broadcast 0x05', () => {
    expect(feetechWrite(1, 42, [0, 8], true)[4]).toBe(0x04);
    expect(toHex(feetechAction())).toBe('FF FF FE 02 05 FA');
  });

  it('sync-reads 2 bytes of Present_Position from IDs 1..6 in one broadcast', () => {
    const p = feetechSyncRead(56, 2, [1, 2, 3, 4, 5, 6]);
    expect(toHex(p.subarray(0, 7))).toBe('FF FF FE 0A 82 38 02');
    expect(Array.from(p.subarray(7, 13))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('sync-writes one goal per servo, each prefixed by its ID, with LEN = (L+1)·N + 4', () => {
    const data = Uint8Array.from([0x00, 0x08, 0xff, 0x0f]);
    const p = feetechSyncWrite(42, 2, [1, 2], data);
    expect(toHex(p)).toBe(`FF FF FE 0A 83 2A 02 01 00 08 02 FF 0F ${toHex(p.subarray(13))}`);
    expect(p[3]).toBe((2 + 1) * 2 + 4);
  });

  it('decodes a status packet with its error bits in plain words', () => {
    const frames: FeetechFrame[] = [];
    new FeetechParser((f) => frames.push(f)).push(feetechStatus(1, 0x24, [0x00, 0x08]));
    expect(frames).toHaveLength(1);
    expect(frames[0].id).toBe(1);
    expect(feetechErrorText(frames[0].code)).toBe('overheating, overload');
    expect(Array.from(frames[0].params)).toEqual([0x00, 0x08]);
  });
});

describe('Feetech sign-magnitude registers', () => {
  const goal = STS_CONTROL_TABLE.Goal_Position;
  const homing = STS_CONTROL_TABLE.Homing_Offset;

  it('stores negatives in bit 15 for positions and speeds', () => {
    expect(registerEncode(goal, -5)).toBe(0x8005);
    expect(registerDecode(goal, 0x8005)).toBe(-5);
  });

  it('stores Homing_Offset negatives in bit 11, not bit 15', () => {
    expect(registerEncode(homing, -100)).toBe(0x0800 | 100);
    expect(registerDecode(homing, 0x0800 | 100)).toBe(-100);
    expect(registerDecode(homing, 2047)).toBe(2047);
  });

  it('refuses a homing offset of -2048 instead of overflowing into the sign bit (LeRobot bug)', () => {
    // -2048 would need magnitude 2048 = bit 11 itself: written raw it reads back as "-0".
    expect(() => registerEncode(homing, -2048)).toThrow(/cannot hold -2048/);
    expect(() => registerEncode(homing, 2048)).toThrow(/from -2047 to 2047/);
  });
});
