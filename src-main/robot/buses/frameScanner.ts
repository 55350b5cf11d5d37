// A streaming frame finder shared by the byte protocols. It resynchronises after garbage and never lets a
// good frame be swallowed by a false one:
//  - a candidate that fails its checksum costs one byte, then the scan resumes at the next header;
//  - a candidate still waiting for bytes is abandoned as soon as a later header already holds a complete,
//    valid frame (a corrupted length byte cannot stall the stream);
//  - after a valid frame the scan resumes at the first header *inside* it, if any, so a false frame that
//    happened to pass its checksum cannot hide a real one that started within it.
// It never throws on input bytes; it reports frames and counts dropped bytes.

export interface FrameSpec {
  /** Bytes needed before `frameSize` can be asked. */
  readonly headerSize: number;
  /** Could a frame start at `i`? `end` bounds the readable bytes; answer true when unsure because bytes are missing. */
  isHeaderAt(buf: Uint8Array, i: number, end: number): boolean;
  /** Total frame size from the header at `i` (headerSize bytes present), or -1 when implausible. */
  frameSize(buf: Uint8Array, i: number): number;
  /** Checksum and plausibility of the complete frame at `i`. */
  isValid(buf: Uint8Array, i: number, size: number): boolean;
}

export type FrameListener = (buf: Uint8Array, start: number, size: number) => void;

export interface ScannerStats {
  frames: number;
  droppedBytes: number;
}

export class FrameScanner {
  private buf = new Uint8Array(1024);
  private start = 0;
  private end = 0;
  readonly stats: ScannerStats = { frames: 0, droppedBytes: 0 };

  constructor(
    private readonly spec: FrameSpec,
    private readonly onFrame: FrameListener,
    /** Bytes kept while waiting for a frame; beyond this the oldest are dropped. */
    private readonly maxBuffered = 64 * 1024,
  ) {}

  /** Bytes received but not yet part of a frame. */
  get pending(): number {
    return this.end - this.start;
  }

  /** Forget partial input, e.g. after a timeout, so a stale half-frame cannot prefix the next reply. */
  reset(): void {
    this.stats.droppedBytes += this.end - this.start;
    this.start = 0;
    this.end = 0;
  }

  push(chunk: Uint8Array): void {
    this.append(chunk);
    this.scan();
  }

  private append(chunk: Uint8Array): void {
    if (this.end + chunk.length > this.buf.length) {
      const live = this.end - this.start;
      if (live + chunk.length > this.buf.length) {
        const grown = new Uint8Array(Math.max(this.buf.length * 2, live + chunk.length));
        grown.set(this.buf.subarray(this.start, this.end));
        this.buf = grown;
      } else {
        this.buf.copyWithin(0, this.start, this.end);
      }
      this.start = 0;
      this.end = live;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
    const over = this.end - this.start - this.maxBuffered;
    if (over > 0) this.drop(over);
  }

  private drop(n: number): void {
    this.start += n;
    this.stats.droppedBytes += n;
  }

  private findHeader(from: number): number {
    for (let i = from; i < this.end; i++) if (this.spec.isHeaderAt(this.buf, i, this.end)) return i;
    return -1;
  }

  /** A complete, valid frame starting after `from`, or -1. */
  private findCompleteFrame(from: number): number {
    const { spec, buf, end } = this;
    for (let i = this.findHeader(from); i >= 0; i = this.findHeader(i + 1)) {
      if (i + spec.headerSize > end) return -1;
      const size = spec.frameSize(buf, i);
      if (size > 0 && i + size <= end && spec.isValid(buf, i, size)) return i;
    }
    return -1;
  }

  private scan(): void {
    const { spec } = this;
    for (;;) {
      const p = this.findHeader(this.start);
      if (p < 0) {
        this.drop(this.end - this.start);
        return;
      }
      if (p > this.start) this.drop(p - this.start);
      if (p + spec.headerSize > this.end) return;
      const size = spec.frameSize(this.buf, p);
      if (size <= 0) {
        this.drop(1);
        continue;
      }
      if (p + size > this.end) {
        const q = this.findCompleteFrame(p + 1);
        if (q < 0) return;
        this.drop(q - p);
        continue;
      }
      if (!spec.isValid(this.buf, p, size)) {
        this.drop(1);
        continue;
      }
      this.stats.frames++;
      this.onFrame(this.buf, p, size);
      const inner = this.findHeader(p + 1);
      // Resume inside the frame only if a header starts there; those bytes are not counted as dropped.
      this.start = inner >= 0 && inner < p + size ? inner : p + size;
    }
  }
}
