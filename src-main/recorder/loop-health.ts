// What the operator is told about the loop's health: a warning shown while a problem lasts (late ticks,
// no robot state), and warning events throttled so a struggling loop cannot flood the UI.

import type { LoopStats } from './fixed-rate-loop';

/** Least time between two warning events. */
export const WARNING_INTERVAL_S = 1;
/** A warning stays in the status this long after the problem was last seen. */
const WARNING_CLEAR_S = 3;

export type LoopProblem = 'LOOP_LATE' | 'NO_OBSERVATION';

export class LoopHealth {
  private lastWarningT = Number.NEGATIVE_INFINITY;
  private lastProblemT = Number.NEGATIVE_INFINITY;
  private lastMissed = 0;
  private current: string | null = null;

  constructor(private readonly emit: (code: LoopProblem, message: string) => void) {}

  /** The warning to show now, or null. */
  get warning(): string | null {
    return this.current;
  }

  /** Show a message of the operator's concern (not throttled, cleared like the others). */
  notice(t: number, message: string): void {
    this.current = message;
    this.lastProblemT = t;
  }

  problem(t: number, code: LoopProblem, message: string): void {
    this.notice(t, message);
    if (t - this.lastWarningT < WARNING_INTERVAL_S) return;
    this.lastWarningT = t;
    this.emit(code, message);
  }

  /** After each realtime tick: warn when ticks were missed or ran more than half a period late. */
  checkLoop(t: number, stats: LoopStats, periodS: number, fps: number): void {
    if (stats.missed > this.lastMissed || stats.maxLatenessS > periodS / 2) {
      this.problem(t, 'LOOP_LATE', `The ${fps} Hz loop is running late: ${stats.missed} ticks missed so far, up to ${(stats.maxLatenessS * 1000).toFixed(1)} ms late. Lower the rate, or close other programs.`);
    }
    this.lastMissed = stats.missed;
    if (this.current && t - this.lastProblemT > WARNING_CLEAR_S) this.current = null;
  }
}
