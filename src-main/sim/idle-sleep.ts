// A sim nobody talks to sleeps: when no request has arrived for `idleMs` and the arm is at rest, the
// physics loop stops (no timers, no CPU); the first byte of the next request wakes it.
//
// The choice: simulated time pauses while asleep, and the arm continues from exactly where it was. The
// arm only falls asleep at rest (every joint slower than `restSpeed`) with its targets unchanged (only a
// request can change them), so the physics would have kept it where it is anyway; a limp joint still
// sagging, or an arm still travelling to its goal, keeps the sim awake until it settles. A client that
// reads the arm after a pause therefore sees what a real, idle arm would show.

import type { RunnerTimers } from './realtime-runner';

/** The physics loop as seen by the sleep rule. */
export interface NappingPhysics {
  start(): void;
  stop(): void;
  /** True when nothing moves: falling asleep now changes nothing a client could observe. */
  atRest(): boolean;
}

/** What the servos report about their client (responder-thread.ts's ThreadServedArm). */
export interface ClientActivity {
  heard(): number;
  sleep(heardBefore: number): boolean;
  onWake(listener: () => void): void;
}

export interface IdleSleepOptions {
  /** Quiet time before the physics may sleep. Default 2000 ms. */
  idleMs?: number;
  /** How often the quiet is checked while awake. Default 250 ms. */
  checkMs?: number;
  timers?: RunnerTimers;
}

const defaultTimers: RunnerTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class IdleSleep {
  private readonly timers: RunnerTimers;
  private readonly checkMs: number;
  private readonly quietChecksToSleep: number;
  private handle: unknown = undefined;
  private lastHeard: number;
  private quietChecks = 0;
  private sleeping = false;
  private disposed = false;
  /** Times the physics fell asleep and woke, since start (for the CLI's log and tests). */
  naps = 0;
  wakes = 0;

  constructor(
    private readonly physics: NappingPhysics,
    private readonly activity: ClientActivity,
    opts: IdleSleepOptions = {},
  ) {
    this.timers = opts.timers ?? defaultTimers;
    this.checkMs = opts.checkMs ?? 250;
    this.quietChecksToSleep = Math.max(1, Math.ceil((opts.idleMs ?? 2000) / this.checkMs));
    this.lastHeard = activity.heard();
    activity.onWake(() => this.wake());
    this.schedule();
  }

  get asleep(): boolean {
    return this.sleeping;
  }

  dispose(): void {
    this.disposed = true;
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.handle = undefined;
  }

  private schedule(): void {
    if (this.disposed) return;
    this.handle = this.timers.setTimeout(this.check, this.checkMs);
  }

  private readonly check = (): void => {
    this.handle = undefined;
    const heard = this.activity.heard();
    if (heard !== this.lastHeard) {
      this.lastHeard = heard;
      this.quietChecks = 0;
    } else {
      this.quietChecks++;
    }
    if (this.quietChecks >= this.quietChecksToSleep && this.physics.atRest() && this.activity.sleep(heard)) {
      this.physics.stop();
      this.sleeping = true;
      this.naps++;
      return; // no timer while asleep: the wake comes from the responder
    }
    this.schedule();
  };

  private wake(): void {
    if (!this.sleeping || this.disposed) return;
    this.sleeping = false;
    this.wakes++;
    this.quietChecks = 0;
    this.lastHeard = this.activity.heard();
    this.physics.start();
    this.schedule();
  }
}

/** At rest when every joint moves slower than `restSpeed` rad/s. */
export function jointsAtRest(velocity: ArrayLike<number>, restSpeed = 0.01): boolean {
  for (let j = 0; j < velocity.length; j++) if (Math.abs(velocity[j]) >= restSpeed) return false;
  return true;
}
