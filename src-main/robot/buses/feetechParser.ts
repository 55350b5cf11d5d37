// Streaming Feetech frame parser: bytes in, FeetechFrame out, resynchronising after garbage.

import { type FeetechFrame, feetechChecksum } from './feetech';
import { FrameScanner, type FrameSpec, type ScannerStats } from './frameScanner';

/** The SCServo SDK caps a packet at 250 bytes; nothing longer is a real frame. */
const MAX_FRAME = 250;

export const FEETECH_FRAME_SPEC: FrameSpec = {
  headerSize: 4,
  isHeaderAt(buf, i, end) {
    if (buf[i] !== 0xff) return false;
    if (i + 1 < end && buf[i + 1] !== 0xff) return false;
    // FF FF FF …: the header is the last two FFs (ID 0xFF does not exist).
    if (i + 2 < end && buf[i + 2] === 0xff) return false;
    return true;
  },
  frameSize(buf, i) {
    const len = buf[i + 3];
    return len < 2 || len + 4 > MAX_FRAME ? -1 : len + 4;
  },
  isValid(buf, i, size) {
    return feetechChecksum(buf, i + 2, i + size - 1) === buf[i + size - 1];
  },
};

export class FeetechParser {
  private readonly scanner: FrameScanner;

  constructor(onFrame: (frame: FeetechFrame) => void) {
    this.scanner = new FrameScanner(FEETECH_FRAME_SPEC, (buf, start, size) =>
      onFrame({ id: buf[start + 2], code: buf[start + 4], params: buf.slice(start + 5, start + size - 1) }),
    );
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
