// Half-duplex request/response over a transport: one packet on the wire at a time, frames matched to the
// request that is waiting for them, a timeout per request, and the parser reset after a timeout so a
// stale half-frame cannot prefix the next reply.

import { ErrorCodes, PraxisError } from '../../api';
import type { Transport } from '../transports/transport';

export interface StreamParser {
  push(bytes: Uint8Array): void;
  reset(): void;
  readonly stats: { frames: number; droppedBytes: number };
  readonly pending: number;
}

interface Waiter<F> {
  accept: (frame: F) => boolean;
  frames: F[];
  count: number;
  resolve: (frames: F[]) => void;
  reject: (e: unknown) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** Why a transaction came back short: nothing at all, or bytes that never formed a valid frame. */
export class ExchangeTimeout extends Error {
  constructor(
    readonly received: number,
    readonly expected: number,
    readonly garbageBytes: number,
  ) {
    super('exchange timed out');
  }
}

export class PacketExchange<F> {
  private tail: Promise<unknown> = Promise.resolve();
  private waiter: Waiter<F> | null = null;
  private readonly parser: StreamParser;
  private echo: Uint8Array | null = null;
  private echoAt = 0;
  private readonly unsubscribe: Array<() => void> = [];
  /** Frames that arrived while nobody waited (late replies, other masters): counted, then ignored. */
  strayFrames = 0;
  /** Frames gathered by the last transaction that timed out. */
  private lastPartial: F[] = [];
  /**
   * After a timeout, replies to the abandoned request may still be on their way. Two reads of same-sized
   * registers look alike on the wire, so a late answer must never be taken for the next one: the next
   * request waits until this time, and whatever arrives meanwhile is discarded as stray.
   */
  private quietUntil = 0;

  constructor(
    readonly transport: Transport,
    makeParser: (onFrame: (f: F) => void) => StreamParser,
    /** Adapters with a shared TX/RX line hear their own request first; strip it. */
    private readonly echoes = false,
  ) {
    this.parser = makeParser((f) => this.onFrame(f));
    this.unsubscribe.push(transport.onData((b) => this.onData(b)));
    this.unsubscribe.push(
      transport.onClose((err) => {
        const w = this.waiter;
        if (w) {
          this.waiter = null;
          clearTimeout(w.timer);
          w.reject(err ?? new PraxisError(ErrorCodes.PORT_CLOSED, 'The port closed during a request.', 'Reconnect.'));
        }
      }),
    );
  }

  /** Serialise a whole multi-packet operation so nobody else speaks in between. */
  run<T>(op: () => Promise<T>): Promise<T> {
    const result = this.tail.then(op, op);
    this.tail = result.catch(() => {});
    return result;
  }

  /** Send a packet that gets no reply (broadcast, sync write, ACTION). Call inside `run`. */
  async send(packet: Uint8Array): Promise<void> {
    await this.settle();
    this.armEcho(packet);
    await this.transport.write(packet);
  }

  private async settle(): Promise<void> {
    const wait = this.quietUntil - performance.now();
    if (wait <= 0) return;
    await new Promise((r) => setTimeout(r, wait));
    this.parser.reset();
  }

  /** Send a packet and collect `count` accepted frames within `timeoutMs`. Call inside `run`. */
  async transact(packet: Uint8Array, accept: (f: F) => boolean, count: number, timeoutMs: number): Promise<F[]> {
    await this.settle();
    const droppedBefore = this.parser.stats.droppedBytes;
    return new Promise<F[]>((resolve, reject) => {
      const expire = () => {
        const w = this.waiter;
        if (w?.timer !== timer) return; // answered in the meantime
        this.waiter = null;
        const garbage = this.parser.stats.droppedBytes - droppedBefore + this.parser.pending;
        this.lastPartial = w.frames;
        this.parser.reset();
        if (Number.isFinite(count)) this.quietUntil = performance.now() + Math.min(timeoutMs, 100);
        reject(new ExchangeTimeout(w.frames.length, count, garbage));
      };
      // Node runs due timers before it polls for I/O: on a busy machine the reply can be sitting in the
      // kernel when the timer fires. setImmediate runs after the poll phase, so it is read first.
      const timer = setTimeout(() => setImmediate(expire), timeoutMs);
      this.waiter = { accept, frames: [], count, resolve, reject, timer };
      this.armEcho(packet);
      this.transport.write(packet).catch((e) => {
        if (this.waiter?.timer === timer) {
          this.waiter = null;
          clearTimeout(timer);
        }
        reject(e);
      });
    });
  }

  /**
   * Send a packet and gather every accepted frame for `windowMs` (broadcast ping: any number of servos
   * may answer). Also reports bytes that formed no frame, a sign of collisions. Call inside `run`.
   */
  async collect(packet: Uint8Array, accept: (f: F) => boolean, windowMs: number): Promise<{ frames: F[]; garbageBytes: number }> {
    const before = this.parser.stats.droppedBytes;
    try {
      const frames = await this.transact(packet, accept, Number.POSITIVE_INFINITY, windowMs);
      return { frames, garbageBytes: 0 };
    } catch (e) {
      if (!(e instanceof ExchangeTimeout)) throw e;
      return { frames: this.lastPartial, garbageBytes: Math.max(0, this.parser.stats.droppedBytes - before) };
    }
  }

  close(): void {
    for (const u of this.unsubscribe) u();
  }

  private armEcho(packet: Uint8Array): void {
    if (!this.echoes) return;
    this.echo = packet;
    this.echoAt = 0;
  }

  private onData(bytes: Uint8Array): void {
    let from = 0;
    if (this.echo) {
      while (from < bytes.length && this.echoAt < this.echo.length && bytes[from] === this.echo[this.echoAt]) {
        from++;
        this.echoAt++;
      }
      if (this.echoAt >= this.echo.length || from < bytes.length) this.echo = null;
    }
    if (from < bytes.length) this.parser.push(from ? bytes.subarray(from) : bytes);
  }

  private onFrame(f: F): void {
    const w = this.waiter;
    if (!w?.accept(f)) {
      this.strayFrames++;
      return;
    }
    w.frames.push(f);
    if (w.frames.length >= w.count) {
      this.waiter = null;
      clearTimeout(w.timer);
      w.resolve(w.frames);
    }
  }
}
