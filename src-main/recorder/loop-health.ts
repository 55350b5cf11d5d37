// What the operator is told about the loop's health: a warning shown while a problem lasts (missed ticks,
// no robot state), cleared once the loop has run healthy for a while, and warning events throttled so a
// struggling loop cannot flood the UI.
//
// A tick that runs late but inside its period is not a problem worth a note: frames are sampled at their
// scheduled times from the state stream whatever the tick's lateness. A missed tick is: the command of that
// tick was never sent (the previous one was held), and the frame was filled from the state stream.

import type { LoopStats } from './fixed-rate-loop';

/** Least time between two warning events. */
export const WARNING_INTERVAL_S = 1;
/** A warning clears once the problem has not been seen for this long. */
export const WARNING_CLEAR_S = 2;

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

  /** After each realtime tick: warn when ticks were missed since the last one; clear a warning gone stale. */
  checkLoop(t: number, stats: LoopStats, fps: number): void {
    if (stats.missed > this.lastMissed) {
      this.problem(
        t,
        'LOOP_LATE',
        `The ${fps} Hz loop is running late: ${stats.missed} ticks missed so far, up to ${(stats.maxLatenessS * 1000).toFixed(1)} ms late. Their commands were held and their frames sampled from the robot's state; lower the rate, or close other programs.`,
      );
    }
    this.lastMissed = stats.missed;
    this.expire(t);
  }

  /** Clears the warning once no problem has been seen for WARNING_CLEAR_S. */
  expire(t: number): void {
    if (this.current && t - this.lastProblemT > WARNING_CLEAR_S) this.current = null;
  }
}
