// Runs a fixed-step world against the wall clock and publishes samples at a steady rate.
//
// Physics is advanced lazily: at each tick we step as many timesteps as wall time says are due,
// then publish. Ticks are scheduled for the next publish instant with setTimeout; Node's timers
// fire ≥ 1 ms late, so the publish schedule advances by exact periods (not "now + period") and a
// late tick is absorbed by a shorter wait before the next one. After a hiccup (GC, a busy core) the
// schedule catches up with short waits, up to MAX_CATCH_UP_MS behind; a sample is published only
// if physics advanced since the last one, so no two samples share a timestamp. That keeps the
// average rate on target at 200 Hz without busy-waiting on a shared machine.
//
// No spiral of death: one tick runs at most `maxStepsPerTick` steps. When more are due (the process
// was paused, or the machine is too slow) we count an overrun and drop the backlog, so simulated
// time falls behind the wall clock instead of the loop trying ever harder to catch up.

import type { Seconds } from '../api';
import type { ArmSample } from './arm-sample';

/** What the runner drives: a deterministic world stepped in fixed timesteps. */
export interface RealtimeWorld {
  readonly timestep: Seconds;
  step(steps: number): void;
  sampleCreate(): ArmSample;
  readStateInto(sample: ArmSample): ArmSample;
}

/** Monotonic milliseconds. */
export interface RunnerClock {
  now(): number;
}

export interface RunnerTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface RealtimeRunnerOptions {
  /** Samples per second delivered to subscribers. Default 200. */
  publishHz?: number;
  /** Most physics steps one tick may run before it counts an overrun. Default: 50 ms worth. */
  maxStepsPerTick?: number;
  clock?: RunnerClock;
  timers?: RunnerTimers;
}

export interface RunnerStats {
  /** Physics steps per wall-clock second over the last window. */
  stepsPerSecond: number;
  /** Samples published per wall-clock second over the last window. */
  publishHz: number;
  /** Ticks that had more steps due than maxStepsPerTick (backlog dropped), since start. */
  overruns: number;
  /** Simulated seconds per wall-clock second over the last window; 1 when keeping up. */
  realtimeFactor: number;
}

/**
 * Called with a borrowed sample: the runner overwrites it at the next tick (no allocation in the
 * loop). Read it in the callback, or keep a copy made with `armSampleCopy`.
 */
export type SampleListener = (sample: Readonly<ArmSample>) => void;

/** Called when stepping the world fails (e.g. the physics diverged and was reset); the loop goes on. */
export type RunnerErrorListener = (error: unknown) => void;

const STATS_WINDOW_MS = 1000;
/** Further behind the publish schedule than this, missed samples are skipped, not caught up. */
const MAX_CATCH_UP_MS = 100;

const defaultClock: RunnerClock = { now: () => performance.now() };
const defaultTimers: RunnerTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class RealtimeRunner {
  private readonly world: RealtimeWorld;
  private readonly listeners = new Set<SampleListener>();
  private readonly errorListeners = new Set<RunnerErrorListener>();
  private readonly clock: RunnerClock;
  private readonly timers: RunnerTimers;
  private readonly sample: ArmSample;
  private readonly stepMs: number;
  private publishPeriodMs = 5;
  private maxStepsPerTick = 25;
  private handle: unknown = undefined;
  private isRunning = false;
  /** Wall time at which step 0 of this run was due; moves forward when a backlog is dropped. */
  private epochMs = 0;
  private stepsThisRun = 0;
  private stepsAtLastPublish = -1;
  private nextPublishMs = 0;
  private overruns = 0;
  private listenerErrors = 0;
  private window = { startMs: 0, steps: 0, publishes: 0 };
  private last: RunnerStats = { stepsPerSecond: 0, publishHz: 0, overruns: 0, realtimeFactor: 0 };

  constructor(world: RealtimeWorld, options: Pick<RealtimeRunnerOptions, 'clock' | 'timers'> = {}) {
    this.world = world;
    this.clock = options.clock ?? defaultClock;
    this.timers = options.timers ?? defaultTimers;
    this.sample = world.sampleCreate();
    this.stepMs = world.timestep * 1000;
  }

  get running(): boolean {
    return this.isRunning;
  }

  /** Starts (or retunes, if running) the loop. Simulated time continues from where it is. */
  start(options: Omit<RealtimeRunnerOptions, 'clock' | 'timers'> = {}): void {
    const publishHz = options.publishHz ?? 200;
    if (!(publishHz > 0 && publishHz <= 1000)) throw new RangeError(`publishHz must be in (0, 1000], got ${publishHz}`);
    this.publishPeriodMs = 1000 / publishHz;
    this.maxStepsPerTick = Math.max(1, Math.floor(options.maxStepsPerTick ?? Math.ceil(50 / this.stepMs)));
    if (this.isRunning) return;
    this.isRunning = true;
    const now = this.clock.now();
    this.epochMs = now;
    this.stepsThisRun = 0;
    this.stepsAtLastPublish = -1;
    this.nextPublishMs = now;
    this.overruns = 0;
    this.window = { startMs: now, steps: 0, publishes: 0 };
    this.last = { stepsPerSecond: 0, publishHz: 0, overruns: 0, realtimeFactor: 0 };
    this.tick();
  }

  stop(): void {
    if (!this.isRunning) return;
    this.isRunning = false;
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.handle = undefined;
  }

  onSample(listener: SampleListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onError(listener: RunnerErrorListener): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  stats(): RunnerStats {
    const elapsed = this.clock.now() - this.window.startMs;
    if (this.last.stepsPerSecond > 0 || elapsed <= 0) return { ...this.last, overruns: this.overruns };
    return this.windowRates(elapsed);
  }

  /** Listener exceptions caught so far; a throwing listener never stops the loop. */
  get listenerErrorCount(): number {
    return this.listenerErrors;
  }

  private windowRates(elapsedMs: number): RunnerStats {
    const perSecond = 1000 / elapsedMs;
    return {
      stepsPerSecond: this.window.steps * perSecond,
      publishHz: this.window.publishes * perSecond,
      overruns: this.overruns,
      realtimeFactor: (this.window.steps * this.stepMs) / elapsedMs,
    };
  }

  private tick = (): void => {
    this.handle = undefined;
    if (!this.isRunning) return;
    const now = this.clock.now();

    let due = Math.floor((now - this.epochMs) / this.stepMs) - this.stepsThisRun;
    if (due > this.maxStepsPerTick) {
      this.overruns++;
      this.epochMs += (due - this.maxStepsPerTick) * this.stepMs;
      due = this.maxStepsPerTick;
    }
    if (due > 0) {
      // Counted as done even if stepping fails: a failing world must not make later ticks owe more.
      this.stepsThisRun += due;
      this.window.steps += due;
      try {
        this.world.step(due);
      } catch (e) {
        this.reportError(e);
      }
    }

    const publishDue = now >= this.nextPublishMs;
    const fresh = this.stepsThisRun !== this.stepsAtLastPublish;
    if (publishDue && fresh) {
      this.publish();
      this.stepsAtLastPublish = this.stepsThisRun;
      this.nextPublishMs += this.publishPeriodMs;
      if (this.nextPublishMs < now - MAX_CATCH_UP_MS) this.nextPublishMs = now + this.publishPeriodMs;
    }

    const elapsed = now - this.window.startMs;
    if (elapsed >= STATS_WINDOW_MS) {
      this.last = this.windowRates(elapsed);
      this.window = { startMs: now, steps: 0, publishes: 0 };
    }

    if (!this.isRunning) return; // a listener may have stopped us
    // Due but no new physics yet (catching up faster than the timestep): wait for the next step.
    const wakeAt = publishDue && !fresh ? this.epochMs + (this.stepsThisRun + 1) * this.stepMs : this.nextPublishMs;
    this.handle = this.timers.setTimeout(this.tick, Math.max(0, wakeAt - this.clock.now()));
  };

  private reportError(error: unknown): void {
    if (this.errorListeners.size === 0) console.error('[sim] stepping failed:', error);
    for (const listener of this.errorListeners) {
      try {
        listener(error);
      } catch (e) {
        console.error('[sim] an error listener threw:', e);
      }
    }
  }

  private publish(): void {
    this.world.readStateInto(this.sample);
    this.window.publishes++;
    for (const listener of this.listeners) {
      try {
        listener(this.sample);
      } catch (e) {
        this.listenerErrors++;
        if (this.listenerErrors === 1) console.error('[sim] a sample listener threw; further errors are counted, not logged:', e);
      }
    }
  }
}
