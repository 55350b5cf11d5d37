// Virtual servos on a transport: parse requests, let the responder answer, and release each reply when
// it would have finished arriving on a real wire — request bytes + return delay + reply bytes at the
// line's baud rate — so host-side timeouts and rate limits behave as they do with hardware.

import type { StreamParser } from '../../robot/buses';
import type { Transport } from '../../robot/transports';
import type { ServoResponder } from './responder';
import { repliesJoin, WireClock } from './wire-clock';

export interface VirtualServoBusOptions {
  /** The rate the servos' UART runs at; over a pty the host's rate cannot be observed, so it is assumed equal. */
  baudRate?: number;
  /** Skip wire-time delays (unit tests of protocol behaviour only). */
  instant?: boolean;
}

const now = () => performance.now() / 1000;

export class VirtualServoBus<F> {
  private readonly parser: StreamParser;
  private readonly queue: Array<{ due: number; bytes: Uint8Array }> = [];
  private readonly wire = new WireClock();
  private pumping = false;
  private readonly unsubscribe: Array<() => void> = [];
  requests = 0;

  constructor(
    readonly transport: Transport,
    readonly responder: ServoResponder<F>,
    private readonly opts: VirtualServoBusOptions = {},
  ) {
    this.parser = responder.makeParser((f) => this.onRequest(f));
    this.unsubscribe.push(
      transport.onData((bytes) => {
        this.wire.heard(bytes.length, now(), this.parser.pending === 0);
        this.parser.push(bytes);
      }),
    );
  }

  /** The rate the host talks at: known exactly on an in-memory cable, assumed on a pty. */
  get lineBaud(): number {
    const peer = (this.transport as { peer?: { baudRate?: number } }).peer?.baudRate;
    return peer ?? this.opts.baudRate ?? this.transport.baudRate ?? 1_000_000;
  }

  close(): void {
    for (const u of this.unsubscribe) u();
    this.queue.length = 0;
  }

  private onRequest(frame: F): void {
    this.requests++;
    const replies = this.responder.respond(frame, this.lineBaud);
    if (!replies.length) return;
    // Written as one chunk when the last byte would have arrived (no reply is early, and one write
    // instead of six keeps the kernel and the host's event loop out of the measured latency).
    const bytes = repliesJoin(replies);
    const due = this.wire.replyDue(now(), bytes.length, this.lineBaud, this.responder.returnDelaySeconds());
    this.queue.push({ due, bytes });
    this.pump();
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    const step = () => {
      const t = now();
      while (this.queue.length && (this.opts.instant || this.queue[0].due <= t)) {
        const { bytes } = this.queue.shift() as { bytes: Uint8Array };
        if (this.transport.isOpen) this.transport.write(bytes).catch(() => {});
      }
      if (!this.queue.length) {
        this.pumping = false;
        return;
      }
      const wait = this.queue[0].due - t;
      if (wait > 0.002) {
        setTimeout(step, Math.floor((wait - 0.001) * 1000));
        return;
      }
      // Timers are coarse (≥1 ms): spin on setImmediate for the last sub-millisecond stretch.
      setImmediate(step);
    };
    step();
  }
}
