// A loop that ticks at a fixed rate against a monotonic clock and measures how well it keeps time.
//
// Ticks are due at start + k·period (an absolute schedule, so lateness never accumulates as drift);
// each is scheduled with setTimeout for its due time. Node timers fire ≥ 1 ms late and a busy event
// loop delays them more: lateness is measured per tick, and a tick more than one period late makes the
// loop skip the ticks it missed (counted) rather than firing a burst to catch up, so the recorded
// frames stay evenly spaced in time and the gap is visible instead of smeared.

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
  private readonly window: { dueS: number; latenessS: number; workS: number }[] = [];

  constructor(
    readonly hz: number,
    private readonly clock: LoopClock,
    private readonly timers: LoopTimers = defaultTimers,
  ) {
    this.periodS = 1 / hz;
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(tick: LoopTick): void {
    if (this.running) return;
    this.running = true;
    this.startS = this.clock.now();
    this.index = 0;
    this.schedule(tick);
  }

  stop(): void {
    this.running = false;
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.handle = undefined;
  }

  stats(): LoopStats {
    const w = this.window;
    let max = 0;
    let sum = 0;
    let work = 0;
    for (const s of w) {
      max = Math.max(max, s.latenessS);
      sum += s.latenessS;
      work = Math.max(work, s.workS);
    }
    const span = w.length > 1 ? w[w.length - 1].dueS - w[0].dueS : 0;
    return { ticks: this.ticks, missed: this.missed, maxLatenessS: max, meanLatenessS: w.length ? sum / w.length : 0, rateHz: span > 0 ? (w.length - 1) / span : 0, maxTickS: work };
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
    const sample = { dueS, latenessS, workS: 0 };
    this.window.push(sample);
    while (this.window.length > 2 && dueS - this.window[0].dueS > WINDOW_S) this.window.shift();
    try {
      tick(dueS, latenessS);
    } finally {
      sample.workS = this.clock.now() - now;
      if (this.running) this.schedule(tick);
    }
  }
}
