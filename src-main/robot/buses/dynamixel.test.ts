import { describe, expect, it } from 'vitest';
import { registerDecode, registerEncode } from './controlTable';
import {
  type DynamixelFrame,
  dynamixelBulkRead,
  dynamixelErrorText,
  dynamixelFastSyncSplit,
  dynamixelFastSyncStatus,
  dynamixelPacket,
  dynamixelPing,
  dynamixelRead,
  dynamixelStatus,
  dynamixelSyncRead,
  dynamixelSyncWrite,
  dynamixelUnstuff,
  dynamixelWrite,
} from './dynamixel';
import { dynamixelCrc } from './dynamixelCrc';
import { DynamixelParser } from './dynamixelParser';
import { X_CONTROL_TABLE } from './dynamixelTables';
import { hex, toHex } from './testHex';

function parseAll(bytes: Uint8Array): DynamixelFrame[] {
  const out: DynamixelFrame[] = [];
  new DynamixelParser((f) => out.push(f)).push(bytes);
  return out;
}

describe('Dynamixel 2.0 codec, against the examples of the ROBOTIS e-manual', () => {
  it('pings ID 1 as FF FF FD 00 01 03 00 01 19 4E', () => {
    expect(toHex(dynamixelPing(1))).toBe('FF FF FD 00 01 03 00 01 19 4E');
  });

  it('decodes the ping status of model 1030, firmware 0x26', () => {
    const [f] = parseAll(hex('FF FF FD 00 01 07 00 55 00 06 04 26 65 5D'));
    expect(f.instruction).toBe(0x55);
    expect(Array.from(f.params)).toEqual([0x00, 0x06, 0x04, 0x26]);
    expect(toHex(dynamixelStatus(1, 0, [0x06, 0x04, 0x26]))).toBe('FF FF FD 00 01 07 00 55 00 06 04 26 65 5D');
  });

  it('reads Present_Position (132, 4 bytes) of ID 1', () => {
    expect(toHex(dynamixelRead(1, X_CONTROL_TABLE.Present_Position.address, 4))).toBe(
      'FF FF FD 00 01 07 00 02 84 00 04 00 1D 15',
    );
  });

  it('writes Goal_Position 512 to ID 1 and decodes the bare status', () => {
    expect(toHex(dynamixelWrite(1, 116, [0x00, 0x02, 0x00, 0x00]))).toBe(
      'FF FF FD 00 01 09 00 03 74 00 00 02 00 00 CA 89',
    );
    expect(toHex(dynamixelStatus(1, 0))).toBe('FF FF FD 00 01 04 00 55 00 A1 0C');
  });

  it('sync-reads Present_Position of IDs 1 and 2', () => {
    expect(toHex(dynamixelSyncRead(132, 4, [1, 2]))).toBe('FF FF FD 00 FE 09 00 82 84 00 04 00 01 02 CE FA');
  });

  it('sync-writes Goal_Position 150 to ID 1 and 170 to ID 2', () => {
    const data = Uint8Array.from([150, 0, 0, 0, 170, 0, 0, 0]);
    expect(toHex(dynamixelSyncWrite(116, 4, [1, 2], data))).toBe(
      'FF FF FD 00 FE 11 00 83 74 00 04 00 01 96 00 00 00 02 AA 00 00 00 82 87',
    );
  });

  it('uses CRC-16 with polynomial 0x8005 (check value of "123456789" is 0xFEE8)', () => {
    expect(dynamixelCrc(new TextEncoder().encode('123456789'))).toBe(0xfee8);
  });

  it('stuffs FD after FF FF FD inside params and the parser removes it', () => {
    const p = dynamixelPacket(1, 0x03, [0x00, 0x00, 0xff, 0xff, 0xfd, 0x01]);
    expect(toHex(p.subarray(7, p.length - 2))).toBe('03 00 00 FF FF FD FD 01');
    expect(p[5]).toBe(10); // LEN counts the stuffed byte
    const [f] = parseAll(p);
    expect(Array.from(f.params)).toEqual([0x00, 0x00, 0xff, 0xff, 0xfd, 0x01]);
    expect(Array.from(dynamixelUnstuff(hex('FF FF FD FD FD')))).toEqual([0xff, 0xff, 0xfd, 0xfd]);
  });

  it('encodes bulk read as ID, address, length per servo', () => {
    const p = dynamixelBulkRead([
      { id: 1, address: 132, length: 4 },
      { id: 2, address: 146, length: 1 },
    ]);
    expect(toHex(p.subarray(7, p.length - 2))).toBe('92 01 84 00 04 00 02 92 00 01 00');
  });

  it('assembles and splits a FAST_SYNC_READ status: ERR ID DATA CRC per servo, the last CRC the packet CRC', () => {
    const entries = [
      { id: 1, error: 0, data: Uint8Array.from([1, 2, 3, 4]) },
      { id: 2, error: 0x80, data: Uint8Array.from([5, 6, 7, 8]) },
    ];
    const [f] = parseAll(dynamixelFastSyncStatus(entries));
    expect(f.id).toBe(0xfe);
    expect(dynamixelFastSyncSplit(f.params.subarray(1), 4)).toBeNull();
    const back = dynamixelFastSyncSplit(f.params, 4);
    expect(back?.map((e) => [e.id, e.error, Array.from(e.data)])).toEqual([
      [1, 0, [1, 2, 3, 4]],
      [2, 0x80, [5, 6, 7, 8]],
    ]);
  });

  it('names error results and the hardware alert bit', () => {
    expect(dynamixelErrorText(0x07)).toMatch(/EEPROM write while torque is on/);
    expect(dynamixelErrorText(0x80)).toMatch(/Hardware_Error_Status/);
  });

  it('stores positions as two-complement 32-bit values', () => {
    const r = X_CONTROL_TABLE.Goal_Position;
    expect(registerEncode(r, -1)).toBe(0xffffffff);
    expect(registerDecode(r, 0xffffff9c)).toBe(-100);
  });
});
