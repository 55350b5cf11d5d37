// The one action stream: exactly one teleop source is active, and at each control tick its wish is
// turned into joint targets the robot may safely follow: clamped to the joint limits, and moved at
// most maxVelocity·dt from the previous action (so a slider yanked across, or a leader arm that
// jumps on reconnect, becomes a ramp rather than a jerk). The loop that owns the clock calls step().

import { ErrorCodes, type JointSpec, type ObjectPose, PraxisError } from '../api';
import type { TeleopKind, TeleopNotice, TeleopSource, TeleopTick } from './source';

export interface ActionStreamOptions {
  joints: readonly JointSpec[];
  /** rad/s, one for all joints or one per joint. Default 2. */
  maxVelocity?: number | readonly number[];
}

/** What the Teleop panel shows. */
export interface TeleopStatus {
  active: TeleopKind;
  available: TeleopKind[];
  /** Measured tick rate over the last second of ticks. */
  rateHz: number;
  joints: JointSpec[];
  maxVelocity: number[];
  /** Per joint: the last action was held at a joint limit. */
  atLimit: boolean[];
  /** Per joint: the last action was slowed by the speed limit. */
  speedLimited: boolean[];
  notice: TeleopNotice | null;
}

export type ActionStreamEvent =
  | { type: 'source'; active: TeleopKind }
  | { type: 'notice'; source: TeleopKind; notice: TeleopNotice | null }
  | { type: 'limits'; atLimit: boolean[]; speedLimited: boolean[] };

/** An observation of the robot, as step() needs it. */
export interface ActionObservation {
  t: number;
  position: Float64Array;
  objects?: readonly ObjectPose[];
}

const RATE_WINDOW_S = 1;
const NO_OBJECTS: readonly ObjectPose[] = [];

export class ActionStream {
  /** The latest action (joint targets, radians): valid after the first step() or sync(). */
  readonly action: Float64Array;
  private readonly wish: Float64Array;
  private readonly lower: Float64Array;
  private readonly upper: Float64Array;
  private readonly maxVelocity: Float64Array;
  private readonly sources = new Map<TeleopKind, TeleopSource>();
  private activeSource: TeleopSource | null = null;
  private synced = false;
  private lastT = Number.NaN;
  private readonly atLimit: boolean[];
  private readonly speedLimited: boolean[];
  private lastNotice: TeleopNotice | null = null;
  private readonly tickTimes: number[] = [];
  private readonly listeners = new Set<(event: ActionStreamEvent) => void>();
  /** Reused every tick: the loop runs at up to 200 Hz. */
  private readonly tick: TeleopTick;

  constructor(private readonly options: ActionStreamOptions) {
    const n = options.joints.length;
    this.action = new Float64Array(n);
    this.wish = new Float64Array(n);
    this.lower = Float64Array.from(options.joints, (j) => j.lower);
    this.upper = Float64Array.from(options.joints, (j) => j.upper);
    const v = options.maxVelocity ?? 2;
    this.maxVelocity = typeof v === 'number' ? new Float64Array(n).fill(v) : Float64Array.from(v);
    if (this.maxVelocity.length !== n || !this.maxVelocity.every((x) => x > 0)) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `maxVelocity needs ${n} positive values (rad/s).`, 'Give one speed limit for all joints, or one per joint.');
    }
    this.tick = { t: 0, dt: 0, position: this.action, previous: this.action, objects: NO_OBJECTS };
    this.atLimit = new Array(n).fill(false);
    this.speedLimited = new Array(n).fill(false);
  }

  get joints(): readonly JointSpec[] {
    return this.options.joints;
  }

  /** Adds a source; the first one added becomes active. Replaces a source of the same kind. */
  add(source: TeleopSource): this {
    const previous = this.sources.get(source.kind);
    this.sources.set(source.kind, source);
    if (!this.activeSource || this.activeSource === previous) {
      previous?.deactivate();
      this.activeSource = source;
      // Activated now so it accepts input at once; sync() restarts it from the measured pose.
      source.activate(this.action.slice());
    }
    return this;
  }

  source<T extends TeleopSource>(kind: TeleopKind): T | undefined {
    return this.sources.get(kind) as T | undefined;
  }

  get active(): TeleopKind {
    if (!this.activeSource) throw this.noSource();
    return this.activeSource.kind;
  }

  /** Makes `kind` the one active source; it starts from the current action, so the arm does not jump. */
  activate(kind: TeleopKind): void {
    const next = this.sources.get(kind);
    if (!next) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `There is no ${kind} teleop source.`, `Pick one of ${[...this.sources.keys()].join(', ') || 'none (add a source first)'}.`);
    }
    if (next === this.activeSource) return;
    this.activeSource?.deactivate();
    this.activeSource = next;
    next.activate(this.action.slice());
    this.emit({ type: 'source', active: kind });
  }

  /** Restarts the action from measured positions (first connection, after a reset or an e-stop). */
  sync(position: ArrayLike<number>): void {
    for (let j = 0; j < this.action.length; j++) this.action[j] = Math.min(this.upper[j], Math.max(this.lower[j], position[j]));
    this.synced = true;
    this.lastT = Number.NaN;
    this.activeSource?.activate(this.action.slice());
  }

  /** A recorder episode begins. */
  episodeStart(episodeIndex: number): void {
    this.activeSource?.episodeStart?.(episodeIndex);
  }

  /** Computes the action for this tick from the active source. Returns `this.action` (overwritten next tick). */
  step(observation: ActionObservation): Float64Array {
    const source = this.activeSource;
    if (!source) throw this.noSource();
    if (!this.synced) this.sync(observation.position);
    const t = observation.t;
    const dt = Number.isFinite(this.lastT) && t > this.lastT ? t - this.lastT : 0;
    this.lastT = t;
    this.measureRate(t);
    this.wish.set(this.action);
    const tick = this.tick;
    tick.t = t;
    tick.dt = dt;
    tick.position = observation.position;
    tick.objects = observation.objects ?? NO_OBJECTS;
    source.update(tick, this.wish);
    let limitsChanged = false;
    for (let j = 0; j < this.action.length; j++) {
      let target = this.wish[j];
      if (!Number.isFinite(target)) target = this.action[j]; // a source bug must not become a NaN command
      const clamped = Math.min(this.upper[j], Math.max(this.lower[j], target));
      const atLimit = clamped !== target;
      const reach = this.maxVelocity[j] * dt;
      const moved = Math.min(this.action[j] + reach, Math.max(this.action[j] - reach, clamped));
      const speedLimited = moved !== clamped;
      this.action[j] = moved;
      if (atLimit !== this.atLimit[j] || speedLimited !== this.speedLimited[j]) limitsChanged = true;
      this.atLimit[j] = atLimit;
      this.speedLimited[j] = speedLimited;
    }
    if (limitsChanged) this.emit({ type: 'limits', atLimit: this.atLimit.slice(), speedLimited: this.speedLimited.slice() });
    const notice = source.notice();
    if (notice !== this.lastNotice) {
      this.lastNotice = notice;
      this.emit({ type: 'notice', source: source.kind, notice });
    }
    return this.action;
  }

  status(): TeleopStatus {
    const times = this.tickTimes;
    const span = times.length > 1 ? times[times.length - 1] - times[0] : 0;
    return {
      active: this.active,
      available: [...this.sources.keys()],
      rateHz: span > 0 ? (times.length - 1) / span : 0,
      joints: this.options.joints.map((j) => ({ ...j })),
      maxVelocity: Array.from(this.maxVelocity),
      atLimit: this.atLimit.slice(),
      speedLimited: this.speedLimited.slice(),
      notice: this.activeSource?.notice() ?? null,
    };
  }

  onEvent(listener: (event: ActionStreamEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private measureRate(t: number): void {
    const times = this.tickTimes;
    if (times.length > 0 && t < times[times.length - 1]) times.length = 0; // the clock restarted (sim reset)
    times.push(t);
    while (times.length > 2 && t - times[0] > RATE_WINDOW_S) times.shift();
  }

  private emit(event: ActionStreamEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private noSource(): PraxisError {
    return new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'No teleop source is set up.', 'Add a teleop source (keyboard, gamepad, sliders…) before starting the loop.');
  }
}
