// Simulated wall time for realtime-loop tests: timers fire in due order as the test advances the clock.
import type { LoopClock, LoopTimers } from '../fixed-rate-loop';

export class FakeTime implements LoopClock, LoopTimers {
  private nowS = 0;
  private nextId = 1;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();
  /** Extra seconds each callback "takes" (a busy event loop), keyed by fire count. */
  busy: (fired: number) => number = () => 0;
  private fired = 0;

  now(): number {
    return this.nowS;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    // Node timers fire at least 1 ms after they are set.
    this.pending.set(id, { at: this.nowS + Math.max(1, ms) / 1000, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Runs every timer due within the next `seconds`. */
  advance(seconds: number): void {
    const end = this.nowS + seconds;
    for (;;) {
      let next: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.pending) if (!next || entry[1].at < next[1].at) next = entry;
      if (!next || next[1].at > end) break;
      this.pending.delete(next[0]);
      this.nowS = Math.max(this.nowS, next[1].at);
      next[1].callback();
      this.nowS += this.busy(this.fired++);
    }
    this.nowS = Math.max(this.nowS, end);
  }
}
