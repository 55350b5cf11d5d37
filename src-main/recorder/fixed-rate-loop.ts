// A loop that ticks at a fixed rate against a monotonic clock and measures how well it keeps time.
//
// Ticks are due at start + k·period (an absolute schedule, so lateness never accumulates as drift);
// each is scheduled with setTimeout for its due time. Node timers fire ≥ 1 ms late and a busy event
// loop delays them more: lateness is measured per tick, and a tick more than one period late makes the
// loop skip the ticks it missed (counted) rather than firing a burst of commands to catch up. The
// recorder still writes a frame for every tick on the grid: it samples missed ones from the robot's
// state stream (frame-schedule.ts), so skipping never shortens an episode's time axis.

export interface LoopClock {
  /** Monotonic seconds. */
  now(): number;
}

export interface LoopTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LoopStats {
  ticks: number;
  /** Ticks skipped because the loop ran more than a period late. */
  missed: number;
  /** Ticks that ran more than half a period late (their commands went out late; frames are still sampled on time). */
  late: number;
  /** Lateness of ticks over the last second, seconds. */
  maxLatenessS: number;
  meanLatenessS: number;
  /** Ticks per second over the last second. */
  rateHz: number;
  /** Longest time a tick's own work took over the last second, seconds: tells a slow tick from a busy machine. */
  maxTickS: number;
}

/** Called once per tick with the tick's due time on the loop's clock (seconds) and its lateness. */
export type LoopTick = (dueS: number, latenessS: number) => void;

const defaultTimers: LoopTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

const WINDOW_S = 1;

export class FixedRateLoop {
  readonly periodS: number;
  private handle: unknown = undefined;
  private running = false;
  private startS = 0;
  private index = 0;
  private ticks = 0;
  private missed = 0;
  private late = 0;
  // The last second of ticks, in rings (no allocation per tick): due time, lateness, own work.
  private readonly dueRing: Float64Array;
  private readonly lateRing: Float64Array;
  private readonly workRing: Float64Array;
  private ringNext = 0;
  private ringCount = 0;

  constructor(
    readonly hz: number,
    private readonly clock: LoopClock,
    private readonly timers: LoopTimers = defaultTimers,
  ) {
    this.periodS = 1 / hz;
    const capacity = Math.ceil(hz * WINDOW_S) + 2;
    this.dueRing = new Float64Array(capacity);
    this.lateRing = new Float64Array(capacity);
    this.workRing = new Float64Array(capacity);
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(tick: LoopTick): void {
    if (this.running) return;
    this.running = true;
    this.startS = this.clock.now();
    this.index = 0;
    this.ringCount = 0;
    this.schedule(tick);
  }

  stop(): void {
    this.running = false;
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.handle = undefined;
  }

  stats(): LoopStats {
    const capacity = this.dueRing.length;
    let max = 0;
    let sum = 0;
    let work = 0;
    let count = 0;
    let first = 0;
    let last = 0;
    for (let i = 0; i < this.ringCount; i++) {
      const k = (this.ringNext - 1 - i + capacity) % capacity;
      if (i === 0) last = this.dueRing[k];
      else if (last - this.dueRing[k] > WINDOW_S) break;
      first = this.dueRing[k];
      max = Math.max(max, this.lateRing[k]);
      work = Math.max(work, this.workRing[k]);
      sum += this.lateRing[k];
      count++;
    }
    const span = last - first;
    return { ticks: this.ticks, missed: this.missed, late: this.late, maxLatenessS: max, meanLatenessS: count ? sum / count : 0, rateHz: span > 0 ? (count - 1) / span : 0, maxTickS: work };
  }

  private schedule(tick: LoopTick): void {
    const dueS = this.startS + this.index * this.periodS;
    const waitMs = Math.max(0, (dueS - this.clock.now()) * 1000);
    this.handle = this.timers.setTimeout(() => this.fire(tick), waitMs);
  }

  private fire(tick: LoopTick): void {
    if (!this.running) return;
    const now = this.clock.now();
    let dueS = this.startS + this.index * this.periodS;
    let latenessS = now - dueS;
    if (latenessS >= this.periodS) {
      const skip = Math.floor(latenessS / this.periodS);
      this.missed += skip;
      this.index += skip;
      dueS = this.startS + this.index * this.periodS;
      latenessS = now - dueS;
    }
    this.index++;
    this.ticks++;
    if (latenessS > this.periodS / 2) this.late++;
    const slot = this.ringNext;
    this.ringNext = (slot + 1) % this.dueRing.length;
    this.ringCount = Math.min(this.ringCount + 1, this.dueRing.length);
    this.dueRing[slot] = dueS;
    this.lateRing[slot] = latenessS;
    this.workRing[slot] = 0;
    try {
      tick(dueS, latenessS);
    } finally {
      this.workRing[slot] = this.clock.now() - now;
      if (this.running) this.schedule(tick);
    }
  }
}
