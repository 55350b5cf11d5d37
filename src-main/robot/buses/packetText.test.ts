import { describe, expect, it } from 'vitest';
import { dynamixelStatus, dynamixelSyncRead, dynamixelWrite } from './dynamixel';
import { DynamixelParser } from './dynamixelParser';
import { feetechRead, feetechStatus, feetechSyncWrite } from './feetech';
import { FeetechParser } from './feetechParser';
import { dynamixelFrameText, feetechFrameText } from './packetText';

const feetech = (b: Uint8Array) => {
  let text = '';
  new FeetechParser((f) => {
    text = feetechFrameText(f);
  }).push(b);
  return text;
};
const dxl = (b: Uint8Array) => {
  let text = '';
  new DynamixelParser((f) => {
    text = dynamixelFrameText(f);
  }).push(b);
  return text;
};

describe('packet monitor text', () => {
  it('names Feetech instructions, registers and status errors', () => {
    expect(feetech(feetechRead(1, 56, 2))).toBe('→ 1 READ Present_Position (2 bytes)');
    expect(feetech(feetechSyncWrite(42, 2, [1, 2], Uint8Array.of(0, 8, 0, 8)))).toBe('→ SYNC_WRITE Goal_Position (2 bytes each, 2 servos)');
    expect(feetech(feetechStatus(3, 0x20, [0x00, 0x08]))).toBe('← 3 status ERROR overload [00 08]');
  });

  it('names Dynamixel instructions, registers and results', () => {
    expect(dxl(dynamixelSyncRead(132, 4, [1, 2], true))).toBe('→ FAST_SYNC_READ Present_Position (4 bytes) from 1,2');
    expect(dxl(dynamixelWrite(5, 64, [1]))).toBe('→ 5 WRITE Torque_Enable = 01');
    expect(dxl(dynamixelStatus(5, 7))).toMatch(/^← 5 status ERROR access denied/);
  });
});
