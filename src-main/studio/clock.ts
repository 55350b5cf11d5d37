import type { Seconds } from '../api';

/**
 * The one monotonic clock of a session. Every sample (joint state, action, frame) is stamped from it,
 * so streams recorded by different parts line up without wall-clock jumps (NTP, suspend).
 */
export class SessionClock {
  private readonly origin: number;

  constructor(now: () => number = () => performance.now()) {
    this.now = now;
    this.origin = now();
  }

  private readonly now: () => number;

  /** Seconds since the session started. */
  elapsed(): Seconds {
    return ((this.now() - this.origin) / 1000) as Seconds;
  }
}
