// The one action stream: exactly one teleop source is active, and at each control tick its wish becomes
// the action. Safety is not decided here: the loop sends the action through the robot's one safety gate
// (robot/safety/safety-gate.ts: joint limits, speed cap, workspace, e-stop) and hands the verdict back with
// commit(), so the next tick starts from what was really sent (a key held at a limit does not wind up past
// it) and the Teleop panel shows which joints the gate held. The loop that owns the clock calls step().

import { ErrorCodes, type JointSpec, type ObjectPose, PraxisError } from '../api';
import type { CommandSource, GateVerdict } from '../robot';
import type { TeleopKind, TeleopNotice, TeleopSource, TeleopTick } from './source';

export interface ActionStreamOptions {
  joints: readonly JointSpec[];
  /** The speed cap the robot's gate applies, rad/s, one for all joints or one per joint (shown, not applied). Default 2. */
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
  /** Per joint: the gate held the last action at a joint limit or the workspace box. */
  atLimit: boolean[];
  /** Per joint: the gate slowed the last action to the speed cap. */
  speedLimited: boolean[];
  notice: TeleopNotice | null;
  /** The gate's last refusal (e-stop…), null once a command passes again. */
  refusal: GateVerdict['refusal'];
}

export type ActionStreamEvent =
  | { type: 'source'; active: TeleopKind }
  | { type: 'notice'; source: TeleopKind; notice: TeleopNotice | null }
  | { type: 'limits'; atLimit: boolean[]; speedLimited: boolean[] }
  | { type: 'refused'; refusal: GateVerdict['refusal'] };

/** An observation of the robot, as step() needs it. */
export interface ActionObservation {
  t: number;
  position: Float64Array;
  objects?: readonly ObjectPose[];
}

const RATE_WINDOW_S = 1;
// JointClip bits (robot/safety/safety-gate.ts), spelled out so teleop/ needs only the gate's types.
const GATE_POSITION = 1;
const GATE_VELOCITY = 2;
const GATE_WORKSPACE = 8;
const NO_OBJECTS: readonly ObjectPose[] = [];

export class ActionStream {
  /** The latest action (joint targets, radians): valid after the first step() or sync(). */
  readonly action: Float64Array;
  private readonly wish: Float64Array;
  /** The last action the gate let through: where a refused tick goes back to. */
  private readonly committed: Float64Array;
  private refusal: GateVerdict['refusal'] = null;
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
    this.committed = new Float64Array(n);
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
    for (let j = 0; j < this.action.length; j++) this.action[j] = position[j];
    this.committed.set(this.action);
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
    for (let j = 0; j < this.action.length; j++) {
      // A source bug must not become a NaN command: hold where the arm is being sent.
      if (Number.isFinite(this.wish[j])) this.action[j] = this.wish[j];
    }
    const notice = source.notice();
    if (notice !== this.lastNotice) {
      this.lastNotice = notice;
      this.emit({ type: 'notice', source: source.kind, notice });
    }
    return this.action;
  }

  /**
   * The gate's verdict on this tick's action: the action becomes what was sent (so sources integrate from
   * the truth), or, refused, goes back to the last command that passed. Returns `this.action`.
   */
  commit(verdict: GateVerdict): Float64Array {
    if (verdict.sent) {
      this.action.set(verdict.sent);
      this.committed.set(verdict.sent);
      let changed = this.refusal !== null;
      for (let j = 0; j < this.action.length; j++) {
        const atLimit = (verdict.clipped[j] & (GATE_POSITION | GATE_WORKSPACE)) !== 0;
        const speedLimited = (verdict.clipped[j] & GATE_VELOCITY) !== 0;
        if (atLimit !== this.atLimit[j] || speedLimited !== this.speedLimited[j]) changed = true;
        this.atLimit[j] = atLimit;
        this.speedLimited[j] = speedLimited;
      }
      this.refusal = null;
      if (changed) this.emit({ type: 'limits', atLimit: this.atLimit.slice(), speedLimited: this.speedLimited.slice() });
    } else {
      this.action.set(this.committed);
      if (this.refusal?.code !== verdict.refusal?.code) {
        this.refusal = verdict.refusal;
        this.emit({ type: 'refused', refusal: verdict.refusal });
      }
    }
    return this.action;
  }

  /** The command source the gate is told about: the active teleop source. */
  get commandSource(): CommandSource {
    return this.active;
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
      refusal: this.refusal,
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
