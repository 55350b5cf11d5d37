// Gamepad teleop: the renderer reads the browser Gamepad API and sends snapshots of axes and buttons;
// a mapping (editable in the Teleop panel) turns them into joint or end-effector velocities. Like keys,
// snapshots are a lease: if none arrives for `staleTimeoutS` (pad unplugged, tab hidden) motion stops.

import { ErrorCodes, PraxisError } from '../api';
import type { IkSolver } from '../kinematics';
import { Jog } from './jog';
import type { TeleopNotice, TeleopSource, TeleopTick } from './source';

export type GamepadTarget = { kind: 'joint'; joint: number } | { kind: 'ee'; axis: 0 | 1 | 2 };

export interface GamepadAxisBinding {
  /** Index into Gamepad.axes. */
  axis: number;
  target: GamepadTarget;
  /** Multiplies the axis value (−1…1); negative inverts. Default 1. */
  scale?: number;
  /** |value| below this counts as 0 (sticks rest slightly off centre). Default 0.12. */
  deadzone?: number;
}

export interface GamepadButtonBinding {
  /** Index into Gamepad.buttons. */
  button: number;
  target: GamepadTarget;
  direction: 1 | -1;
}

export interface GamepadMapping {
  axes: GamepadAxisBinding[];
  buttons: GamepadButtonBinding[];
}

export interface GamepadSnapshot {
  axes: readonly number[];
  /** Button values 0…1 (analog triggers) or pressed flags. */
  buttons: readonly (number | boolean)[];
}

export interface GamepadOptions {
  /** rad/s at full deflection. Default 1. */
  jointSpeed?: number;
  /** m/s at full deflection. Default 0.1. */
  eeSpeed?: number;
  /** Default 0.5 s. */
  staleTimeoutS?: number;
}

/**
 * Default mapping for a "standard" gamepad (W3C Gamepad layout) on a 6-joint arm.
 * Joint mode: left stick x → joint 1, left stick y → joint 2, right stick y → joint 3, right stick x → joint 5,
 * d-pad up/down → joint 4, right/left trigger → joint 6 (gripper) open/close.
 * End-effector mode: left stick moves the tool forward/back/left/right, right stick y up/down; the wrist
 * and gripper stay on the right stick x, d-pad and triggers.
 */
export function gamepadMapping(mode: 'joint' | 'ee', joints = 6): GamepadMapping {
  const joint = (j: number): GamepadTarget => ({ kind: 'joint', joint: Math.min(j, joints - 1) });
  const wrist: Pick<GamepadMapping, 'axes' | 'buttons'> = {
    axes: [{ axis: 2, target: joint(4) }],
    buttons: [
      { button: 12, target: joint(3), direction: 1 },
      { button: 13, target: joint(3), direction: -1 },
      { button: 7, target: joint(5), direction: 1 },
      { button: 6, target: joint(5), direction: -1 },
    ],
  };
  if (mode === 'joint') {
    return {
      axes: [
        { axis: 0, target: joint(0), scale: -1 },
        { axis: 1, target: joint(1), scale: -1 },
        { axis: 3, target: joint(2), scale: -1 },
        ...wrist.axes,
      ],
      buttons: wrist.buttons,
    };
  }
  return {
    axes: [
      // Stick up is −1 in the Gamepad API; forward (+x) and left (+y) should follow the stick.
      { axis: 1, target: { kind: 'ee', axis: 0 }, scale: -1 },
      { axis: 0, target: { kind: 'ee', axis: 1 }, scale: -1 },
      { axis: 3, target: { kind: 'ee', axis: 2 }, scale: -1 },
      ...wrist.axes,
    ],
    buttons: wrist.buttons,
  };
}

export class GamepadTeleop implements TeleopSource {
  readonly kind = 'gamepad';
  private mappingNow: GamepadMapping;
  private snapshot: GamepadSnapshot | null = null;
  /** Session time of the latest snapshot; NaN until the next tick stamps it. */
  private snapshotT = Number.NaN;
  private readonly jog: Jog;
  private readonly jointVelocity: Float64Array;
  private readonly eeVelocity = new Float64Array(3);
  private readonly jointSpeed: number;
  private readonly eeSpeed: number;
  private readonly staleTimeoutS: number;
  private lastNotice: TeleopNotice | null = null;

  constructor(
    private readonly joints: number,
    ik: IkSolver | null,
    mapping: GamepadMapping = gamepadMapping('joint', joints),
    options: GamepadOptions = {},
  ) {
    this.jog = new Jog(joints, ik);
    this.jointVelocity = new Float64Array(joints);
    this.jointSpeed = options.jointSpeed ?? 1;
    this.eeSpeed = options.eeSpeed ?? 0.1;
    this.staleTimeoutS = options.staleTimeoutS ?? 0.5;
    this.mappingNow = this.checked(mapping);
  }

  get mapping(): GamepadMapping {
    return structuredClone(this.mappingNow);
  }

  /** Replaces the mapping (the Teleop panel's editor). Throws INVALID_ARGUMENT naming the bad entry. */
  setMapping(mapping: GamepadMapping): void {
    this.mappingNow = this.checked(mapping);
  }

  /** The pad's state now. */
  input(snapshot: GamepadSnapshot): void {
    this.snapshot = { axes: snapshot.axes.slice(), buttons: snapshot.buttons.slice() };
    this.snapshotT = Number.NaN;
    if (this.lastNotice?.code === 'GAMEPAD_STALE') this.lastNotice = null;
  }

  /** The pad is gone (gamepaddisconnected): stop now. */
  disconnect(): void {
    this.snapshot = null;
  }

  activate(): void {
    this.snapshot = null;
    this.lastNotice = null;
  }

  deactivate(): void {
    this.snapshot = null;
  }

  update(tick: TeleopTick, out: Float64Array): void {
    const pad = this.snapshot;
    if (!pad) return;
    if (Number.isNaN(this.snapshotT)) this.snapshotT = tick.t;
    else if (tick.t - this.snapshotT > this.staleTimeoutS) {
      this.snapshot = null;
      this.lastNotice = { code: 'GAMEPAD_STALE', message: `No gamepad input for ${this.staleTimeoutS} s; stopped.` };
      return;
    }
    this.jointVelocity.fill(0);
    this.eeVelocity.fill(0);
    for (const binding of this.mappingNow.axes) {
      const raw = pad.axes[binding.axis] ?? 0;
      const deadzone = binding.deadzone ?? 0.12;
      if (!Number.isFinite(raw) || Math.abs(raw) < deadzone) continue;
      // Rescale past the dead zone so motion starts from zero rather than jumping to 12 %.
      const value = (Math.sign(raw) * (Math.min(1, Math.abs(raw)) - deadzone)) / (1 - deadzone);
      this.push(binding.target, value * (binding.scale ?? 1));
    }
    for (const binding of this.mappingNow.buttons) {
      const raw = pad.buttons[binding.button];
      const value = typeof raw === 'boolean' ? (raw ? 1 : 0) : Number.isFinite(raw) ? Math.min(1, Math.max(0, raw ?? 0)) : 0;
      if (value > 0) this.push(binding.target, value * binding.direction);
    }
    this.jog.apply(this.jointVelocity, this.eeVelocity, tick.dt, out);
  }

  notice(): TeleopNotice | null {
    return this.lastNotice;
  }

  private push(target: GamepadTarget, value: number): void {
    if (target.kind === 'joint') this.jointVelocity[target.joint] += value * this.jointSpeed;
    else this.eeVelocity[target.axis] += value * this.eeSpeed;
  }

  private checked(mapping: GamepadMapping): GamepadMapping {
    const bad = (what: string) => new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Gamepad mapping: ${what}.`, 'Fix the mapping in the Teleop panel, or reset it to the default.');
    const checkTarget = (target: GamepadTarget, where: string) => {
      if (target.kind === 'joint' && !(Number.isInteger(target.joint) && target.joint >= 0 && target.joint < this.joints)) throw bad(`${where} names joint ${target.joint}; the arm has joints 0–${this.joints - 1}`);
      if (target.kind === 'ee') {
        if (![0, 1, 2].includes(target.axis)) throw bad(`${where} names tool axis ${target.axis}; use 0 (x), 1 (y) or 2 (z)`);
        if (!this.jog.canMoveEndEffector) throw bad(`${where} moves the tool, but this robot has no kinematics`);
      }
    };
    mapping.axes.forEach((b, i) => {
      if (!(Number.isInteger(b.axis) && b.axis >= 0)) throw bad(`axis binding ${i} has axis ${b.axis}`);
      if (b.scale !== undefined && !Number.isFinite(b.scale)) throw bad(`axis binding ${i} has scale ${b.scale}`);
      if (b.deadzone !== undefined && !(b.deadzone >= 0 && b.deadzone < 1)) throw bad(`axis binding ${i} has dead zone ${b.deadzone}; use 0 to 0.99`);
      checkTarget(b.target, `axis binding ${i}`);
    });
    mapping.buttons.forEach((b, i) => {
      if (!(Number.isInteger(b.button) && b.button >= 0)) throw bad(`button binding ${i} has button ${b.button}`);
      if (b.direction !== 1 && b.direction !== -1) throw bad(`button binding ${i} has direction ${b.direction}; use 1 or -1`);
      checkTarget(b.target, `button binding ${i}`);
    });
    return structuredClone(mapping);
  }
}
