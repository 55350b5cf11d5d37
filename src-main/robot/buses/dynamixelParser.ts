// Streaming Dynamixel 2.0 packet parser: bytes in, unstuffed DynamixelFrame out, resynchronising after garbage.

import { DYNAMIXEL_BROADCAST_ID, type DynamixelFrame, DynamixelInstruction, dynamixelUnstuff } from './dynamixel';
import { dynamixelCrc } from './dynamixelCrc';
import { FrameScanner, type FrameSpec, type ScannerStats } from './frameScanner';

/** DynamixelSDK's packet ceiling. */
const MAX_FRAME = 1024;

export const DYNAMIXEL_FRAME_SPEC: FrameSpec = {
  headerSize: 7,
  isHeaderAt(buf, i, end) {
    if (buf[i] !== 0xff) return false;
    if (i + 1 < end && buf[i + 1] !== 0xff) return false;
    if (i + 2 < end && buf[i + 2] !== 0xfd) return false;
    if (i + 3 < end && buf[i + 3] !== 0x00) return false;
    if (i + 4 < end && buf[i + 4] > DYNAMIXEL_BROADCAST_ID) return false;
    return true;
  },
  frameSize(buf, i) {
    const len = buf[i + 5] | (buf[i + 6] << 8);
    return len < 3 || len + 7 > MAX_FRAME ? -1 : len + 7;
  },
  isValid(buf, i, size) {
    const crc = buf[i + size - 2] | (buf[i + size - 1] << 8);
    return dynamixelCrc(buf, i, i + size - 2) === crc;
  },
};

export class DynamixelParser {
  private readonly scanner: FrameScanner;

  constructor(onFrame: (frame: DynamixelFrame) => void) {
    this.scanner = new FrameScanner(DYNAMIXEL_FRAME_SPEC, (buf, start, size) => {
      const id = buf[start + 4];
      const instruction = buf[start + 7];
      const raw = buf.slice(start + 8, start + size - 2);
      // FAST_SYNC_READ replies are sent unstuffed (one packet assembled by several servos).
      const fast = id === DYNAMIXEL_BROADCAST_ID && instruction === DynamixelInstruction.STATUS;
      const params = fast ? raw : dynamixelUnstuff(withInstruction(instruction, raw)).subarray(1);
      onFrame({ id, instruction, params });
    });
  }

  push(bytes: Uint8Array): void {
    this.scanner.push(bytes);
  }

  reset(): void {
    this.scanner.reset();
  }

  get stats(): ScannerStats {
    return this.scanner.stats;
  }

  get pending(): number {
    return this.scanner.pending;
  }
}

function withInstruction(instruction: number, params: Uint8Array): Uint8Array {
  const out = new Uint8Array(params.length + 1);
  out[0] = instruction;
  out.set(params, 1);
  return out;
}
