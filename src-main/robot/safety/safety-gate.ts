// THE safety gate: the one place every command to a robot passes, whoever sends it (sliders, keyboard,
// gamepad, gizmo, leader arm, scripted operator, planner, task scripts). It refuses while the e-stop is
// latched, clips each joint into its limits, caps its speed, keeps the tool inside the workspace box when
// one is configured, and reports what it actually sent, per joint which limit clipped it, tagged with
// the command's source. RobotLink owns one and sends only what it lets through.

import { ErrorCodes, type PraxisErrorData } from '../../api';
import { filterTargets, MAX_STEP_SECONDS, type TargetLimits } from './targetFilter';
import { type WorkspaceBox, type WorkspaceScratch, workspaceLimitStep, workspaceScratchCreate } from './workspace-box';

/** Who sent a command: the teleop sources, the planner's executor, a task script, or a raw API call. */
export type CommandSource = 'sliders' | 'keyboard' | 'gamepad' | 'gizmo' | 'leader' | 'scripted' | 'planner' | 'script' | 'api';

export const COMMAND_SOURCES: readonly CommandSource[] = ['sliders', 'keyboard', 'gamepad', 'gizmo', 'leader', 'scripted', 'planner', 'script', 'api'];

/** Per-joint bits of GateVerdict.clipped: which limit changed the joint's target. */
export const JointClip = {
  /** Held at a joint limit. */
  POSITION: 1,
  /** Slowed to the joint's maximum velocity. */
  VELOCITY: 2,
  /** Asked for NaN/∞: held where it was. */
  NON_FINITE: 4,
  /** Shortened so the tool stays inside the workspace box. */
  WORKSPACE: 8,
} as const;

export interface GateLimits extends TargetLimits {
  /** The end-effector box, when configured. */
  workspace?: WorkspaceBox | null;
}

export interface GateVerdict {
  source: CommandSource;
  /** Seconds on the gate's clock. */
  t: number;
  /** sent: passed unchanged; clipped: passed after clipping; refused: nothing was sent. */
  outcome: 'sent' | 'clipped' | 'refused';
  /** What the source asked for, radians. */
  requested: Float64Array;
  /** What went to the robot, radians; null when refused. */
  sent: Float64Array | null;
  /** Per joint, JointClip bits (all 0 when refused). */
  clipped: Uint8Array;
  /** Why it was refused (ESTOP, INVALID_ARGUMENT…); null otherwise. */
  refusal: PraxisErrorData | null;
}

export interface SafetyGateOptions {
  limits: GateLimits;
  /** Joint names, for messages. */
  jointNames: readonly string[];
  /** Monotonic seconds. */
  clock?: () => number;
}

const ESTOP_REFUSAL: PraxisErrorData = {
  code: ErrorCodes.ESTOP,
  message: 'Emergency stop is engaged: the command was refused.',
  hint: 'Release the e-stop when it is safe to move, then send the command again.',
};

export class SafetyGate {
  private readonly limits: GateLimits;
  private readonly clock: () => number;
  private readonly listeners = new Set<(v: GateVerdict) => void>();
  private readonly scratch: WorkspaceScratch | null;
  private latched = false;
  /** What was last sent and when: the start of the next speed-capped step. */
  private previous: Float64Array | null = null;
  private previousAt = 0;
  /** The newest verdict, for status displays. */
  last: GateVerdict | null = null;

  constructor(private readonly options: SafetyGateOptions) {
    this.limits = options.limits;
    this.clock = options.clock ?? (() => performance.now() / 1000);
    this.scratch = options.limits.workspace ? workspaceScratchCreate(options.limits.workspace) : null;
  }

  get jointCount(): number {
    return this.options.jointNames.length;
  }

  get estopped(): boolean {
    return this.latched;
  }

  /** What was last let through, or null before the first command (or after forget()). */
  get lastSent(): Float64Array | null {
    return this.previous;
  }

  /** Latch the e-stop: every command is refused until release(). */
  estop(): void {
    this.latched = true;
    this.previous = null;
  }

  release(): void {
    this.latched = false;
  }

  /**
   * Forget the last command (torque toggled, reconnect, watchdog stop): the next one starts its speed-capped
   * step from the position the caller passes as `present`.
   */
  forget(): void {
    this.previous = null;
  }

  onVerdict(listener: (v: GateVerdict) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Judge one command. `present` is the measured position, used as the start of the step when nothing was
   * sent since the last forget(). The verdict is also told to every onVerdict listener.
   */
  pass(requested: ArrayLike<number>, source: CommandSource, present: Float64Array | null): GateVerdict {
    const n = this.jointCount;
    const asked = Float64Array.from(requested as ArrayLike<number>);
    const clipped = new Uint8Array(n);
    const t = this.clock();
    let refusal: PraxisErrorData | null = null;
    if (this.latched) refusal = ESTOP_REFUSAL;
    else if (asked.length !== n)
      refusal = {
        code: ErrorCodes.INVALID_ARGUMENT,
        message: `Expected ${n} joint targets, got ${asked.length}.`,
        hint: `Send one target per joint: ${this.options.jointNames.join(', ')}.`,
      };
    else if (!this.previous && !present)
      refusal = { code: ErrorCodes.NOT_CONNECTED, message: 'No joint state has been read yet.', hint: 'Wait for the robot to report its position, then send again.' };
    if (refusal) return this.tell({ source, t, outcome: 'refused', requested: asked, sent: null, clipped, refusal });

    const previous = (this.previous ?? (present as Float64Array)).slice();
    const dt = this.previous ? t - this.previousAt : MAX_STEP_SECONDS;
    const sent = new Float64Array(n);
    let changed = filterTargets(asked, previous, dt, this.limits, sent, clipped);
    const box = this.limits.workspace;
    if (box && this.scratch) {
      const before = sent.slice();
      if (workspaceLimitStep(box, previous, sent, this.scratch)) {
        for (let j = 0; j < n; j++) if (sent[j] !== before[j]) clipped[j] |= JointClip.WORKSPACE;
        changed = true;
      }
    }
    this.previous = sent.slice();
    this.previousAt = t;
    return this.tell({ source, t, outcome: changed ? 'clipped' : 'sent', requested: asked, sent, clipped, refusal: null });
  }

  /**
   * Report a refusal decided by the gate's owner (robot not connected, a leader arm): the verdict is told to
   * listeners like the gate's own, so every refused command is reported in one stream.
   */
  refuse(requested: ArrayLike<number>, source: CommandSource, refusal: PraxisErrorData): GateVerdict {
    const asked = Float64Array.from(requested as ArrayLike<number>);
    return this.tell({ source, t: this.clock(), outcome: 'refused', requested: asked, sent: null, clipped: new Uint8Array(this.jointCount), refusal });
  }

  private tell(v: GateVerdict): GateVerdict {
    this.last = v;
    for (const l of this.listeners) l(v);
    return v;
  }
}

/** The names of the limits set in one joint's JointClip bits, for messages and the UI. */
export function jointClipNames(bits: number): string[] {
  const out: string[] = [];
  if (bits & JointClip.POSITION) out.push('joint limit');
  if (bits & JointClip.VELOCITY) out.push('speed cap');
  if (bits & JointClip.NON_FINITE) out.push('not a number');
  if (bits & JointClip.WORKSPACE) out.push('workspace');
  return out;
}
