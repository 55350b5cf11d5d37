// Keyboard teleop: hold a key, a joint (or the tool) moves at a set speed; let go, it stops.
//
// Keys that can't be lost. A browser sends no key-up when the window loses focus with a key held,
// and key-ups can be dropped between processes. So a held key is a lease: the UI re-sends what it
// holds (key repeats, or heldKeys() snapshots) and a key not heard of for `keyTimeoutS` is released
// here. blur() releases everything at once. Events are stamped at the next control tick, so timing
// uses the loop's clock and is deterministic under test.

import { ErrorCodes, PraxisError } from '../api';
import type { IkSolver } from '../kinematics';
import { Jog } from './jog';
import type { TeleopNotice, TeleopSource, TeleopTick } from './source';

export type KeyboardMode = 'joint' | 'ee';

/** One key's effect: move a joint or the tool along a base-frame axis, in a direction. */
export interface KeyBinding {
  /** KeyboardEvent.code, e.g. "KeyQ", "ArrowUp". */
  code: string;
  target: { kind: 'joint'; joint: number } | { kind: 'ee'; axis: 0 | 1 | 2 };
  direction: 1 | -1;
}

export interface KeyboardOptions {
  mode?: KeyboardMode;
  /** rad/s for joint keys. Default 1. */
  jointSpeed?: number;
  /** m/s for end-effector keys. Default 0.1. */
  eeSpeed?: number;
  /** A key not repeated or re-sent for this long counts as released. Default 0.6 s (longer than the OS's first auto-repeat delay). */
  keyTimeoutS?: number;
  /** Bindings per mode; defaults from keyboardBindings(). */
  bindings?: Record<KeyboardMode, KeyBinding[]>;
}

const JOINT_KEYS: [plus: string, minus: string][] = [
  ['KeyQ', 'KeyA'],
  ['KeyW', 'KeyS'],
  ['KeyE', 'KeyD'],
  ['KeyR', 'KeyF'],
  ['KeyT', 'KeyG'],
  ['KeyY', 'KeyH'],
  ['KeyU', 'KeyJ'],
];

/**
 * Default bindings for an arm with `joints` joints. Joint mode: Q/A, W/S, E/D, R/F, T/G, Y/H move joints
 * 1…6 up/down. End-effector mode: arrows move the tool forward/back/left/right, PageUp/PageDown up/down,
 * and the joint keys of the last `wristJoints` joints (wrist and gripper) still move those joints.
 */
export function keyboardBindings(joints: number, wristJoints = 3): Record<KeyboardMode, KeyBinding[]> {
  const joint: KeyBinding[] = [];
  for (let j = 0; j < Math.min(joints, JOINT_KEYS.length); j++) {
    joint.push({ code: JOINT_KEYS[j][0], target: { kind: 'joint', joint: j }, direction: 1 });
    joint.push({ code: JOINT_KEYS[j][1], target: { kind: 'joint', joint: j }, direction: -1 });
  }
  const ee: KeyBinding[] = [
    { code: 'ArrowUp', target: { kind: 'ee', axis: 0 }, direction: 1 },
    { code: 'ArrowDown', target: { kind: 'ee', axis: 0 }, direction: -1 },
    { code: 'ArrowLeft', target: { kind: 'ee', axis: 1 }, direction: 1 },
    { code: 'ArrowRight', target: { kind: 'ee', axis: 1 }, direction: -1 },
    { code: 'PageUp', target: { kind: 'ee', axis: 2 }, direction: 1 },
    { code: 'PageDown', target: { kind: 'ee', axis: 2 }, direction: -1 },
    ...joint.filter((b) => b.target.kind === 'joint' && b.target.joint >= joints - wristJoints),
  ];
  return { joint, ee };
}

/** What a key does, in words, for the on-screen legend: "shoulder_pan +", "tool up". */
export function keyBindingLabel(binding: KeyBinding, jointNames: readonly string[]): string {
  if (binding.target.kind === 'joint') return `${jointNames[binding.target.joint] ?? `joint ${binding.target.joint + 1}`} ${binding.direction > 0 ? '+' : '−'}`;
  const words = [
    ['forward', 'back'],
    ['left', 'right'],
    ['up', 'down'],
  ][binding.target.axis];
  return `tool ${binding.direction > 0 ? words[0] : words[1]}`;
}

export class KeyboardTeleop implements TeleopSource {
  readonly kind = 'keyboard';
  private modeNow: KeyboardMode;
  private readonly jointSpeed: number;
  private readonly eeSpeed: number;
  private readonly keyTimeoutS: number;
  private readonly bindings: Record<KeyboardMode, KeyBinding[]>;
  /** code → session time it was last heard of; NaN until the next tick stamps it. */
  private readonly held = new Map<string, number>();
  private readonly jog: Jog;
  private readonly jointVelocity: Float64Array;
  private readonly eeVelocity = new Float64Array(3);
  private lastNotice: TeleopNotice | null = null;
  /** Keys pressed while another source drives the arm are ignored, so none is pending on activation. */
  private active = false;

  constructor(
    joints: number,
    ik: IkSolver | null,
    options: KeyboardOptions = {},
  ) {
    this.modeNow = options.mode ?? 'joint';
    this.jointSpeed = options.jointSpeed ?? 1;
    this.eeSpeed = options.eeSpeed ?? 0.1;
    this.keyTimeoutS = options.keyTimeoutS ?? 0.6;
    this.bindings = options.bindings ?? keyboardBindings(joints);
    for (const binding of [...this.bindings.joint, ...this.bindings.ee]) {
      if (binding.target.kind === 'joint' && !(binding.target.joint >= 0 && binding.target.joint < joints)) {
        throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Key ${binding.code} is bound to joint ${binding.target.joint}; the arm has joints 0–${joints - 1}.`, 'Fix the key bindings.');
      }
    }
    this.jog = new Jog(joints, ik);
    this.jointVelocity = new Float64Array(joints);
    if (this.modeNow === 'ee' && !ik) throw this.noIk();
  }

  get mode(): KeyboardMode {
    return this.modeNow;
  }

  /** Switches between joint and end-effector jogging; keys held now are released. */
  setMode(mode: KeyboardMode): void {
    if (mode === 'ee' && !this.jog.canMoveEndEffector) throw this.noIk();
    this.modeNow = mode;
    this.held.clear();
  }

  /** The bindings in force, for the Teleop panel's legend. */
  activeBindings(): readonly KeyBinding[] {
    return this.bindings[this.modeNow];
  }

  /** A key went down, or auto-repeated: (re)starts its lease. Unbound keys are ignored. */
  keyDown(code: string): void {
    if (!this.active || !this.bindings[this.modeNow].some((b) => b.code === code)) return;
    this.held.set(code, Number.NaN);
    if (this.lastNotice?.code === 'KEY_TIMEOUT') this.lastNotice = null;
  }

  keyUp(code: string): void {
    this.held.delete(code);
  }

  /** Every key the UI holds now; the others are released. Send it a few times a second while keys are down. */
  heldKeys(codes: readonly string[]): void {
    for (const code of [...this.held.keys()]) if (!codes.includes(code)) this.held.delete(code);
    for (const code of codes) this.keyDown(code);
  }

  /** The window lost focus: no key-up will come, so release everything. */
  blur(): void {
    this.held.clear();
  }

  /** Keys currently held, as the loop sees them. */
  heldCodes(): string[] {
    return [...this.held.keys()];
  }

  /** Keeps held keys: activation also happens on a resync (after a scene reset), mid-press. */
  activate(): void {
    this.active = true;
    this.lastNotice = null;
  }

  deactivate(): void {
    this.active = false;
    this.held.clear();
  }

  update(tick: TeleopTick, out: Float64Array): void {
    this.jointVelocity.fill(0);
    this.eeVelocity.fill(0);
    for (const [code, since] of this.held) {
      if (Number.isNaN(since)) this.held.set(code, tick.t);
      else if (tick.t - since > this.keyTimeoutS) {
        this.held.delete(code);
        this.lastNotice = { code: 'KEY_TIMEOUT', message: `Released ${code}: no key-up or repeat for ${this.keyTimeoutS} s (focus lost?).` };
        continue;
      }
      for (const binding of this.bindings[this.modeNow]) {
        if (binding.code !== code) continue;
        if (binding.target.kind === 'joint') this.jointVelocity[binding.target.joint] += binding.direction * this.jointSpeed;
        else this.eeVelocity[binding.target.axis] += binding.direction * this.eeSpeed;
      }
    }
    this.jog.apply(this.jointVelocity, this.eeVelocity, tick.dt, out);
    if (this.jog.lastIk === 'unreachable') this.lastNotice = { code: 'IK_UNREACHABLE', message: 'The tool is at the edge of its reach.' };
    else if (this.jog.lastIk !== null && this.lastNotice?.code === 'IK_UNREACHABLE') this.lastNotice = null;
  }

  notice(): TeleopNotice | null {
    return this.lastNotice;
  }

  private noIk(): PraxisError {
    return new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'End-effector jogging needs the arm’s kinematics, which this robot does not provide.', 'Use joint mode, or connect a robot with a URDF.');
  }
}
