// Every teleop source for one robot, built from its description (joints and URDF), behind one
// ActionStream: what the studio creates when a robot connects. End-effector modes need kinematics;
// a robot whose URDF has no usable tool frame still gets joint-space teleop.

import type { JointSpec } from '../api';
import { chainFromUrdf, IkSolver } from '../kinematics';
import { urdfParse } from '../sim';
import { ActionStream } from './action-stream';
import { GamepadTeleop } from './gamepad';
import { GizmoTeleop } from './gizmo';
import { KeyboardTeleop, type KeyboardOptions } from './keyboard';
import { type LeaderArm, type LeaderOptions, LeaderTeleop } from './leader';
import { type ScriptedOptions, ScriptedTeleop } from './scripted';
import { SliderTeleop } from './sliders';
import type { TeleopKind } from './source';

export interface TeleopSetOptions {
  /** URDF link of the tool frame. Default "gripper_tip" if the URDF has it, else the last joint's child link. */
  toolLink?: string;
  /** rad/s. Default 2. */
  maxVelocity?: number;
  keyboard?: KeyboardOptions;
  scripted?: ScriptedOptions;
  /** A leader arm, for leader → follower teleop. */
  leader?: { arm: LeaderArm; options?: LeaderOptions };
  /** Source active at first. Default keyboard. */
  initial?: TeleopKind;
}

export interface TeleopSet {
  actions: ActionStream;
  /** Null when the robot's URDF gives no tool frame: no end-effector modes, gizmo or scripted source. */
  ik: IkSolver | null;
  keyboard: KeyboardTeleop;
  gamepad: GamepadTeleop;
  sliders: SliderTeleop;
  gizmo: GizmoTeleop | null;
  scripted: ScriptedTeleop | null;
  leader: LeaderTeleop | null;
}

function kinematicsOf(robot: { joints: readonly JointSpec[]; urdf: string }, toolLink: string | undefined): IkSolver | null {
  try {
    const urdf = urdfParse(robot.urdf);
    const names = robot.joints.map((j) => j.name);
    const movable = urdf.joints.filter((j) => j.type !== 'fixed' && names.includes(j.name));
    const tool = toolLink ?? (urdf.links.includes('gripper_tip') ? 'gripper_tip' : movable[movable.length - 1]?.child);
    if (!tool) return null;
    return new IkSolver(chainFromUrdf(urdf, tool, names), { maxIterations: 20 });
  } catch {
    // A URDF we cannot read for kinematics still draws in 3D; teleop falls back to joint space.
    return null;
  }
}

export function teleopSetCreate(robot: { joints: readonly JointSpec[]; urdf: string }, options: TeleopSetOptions = {}): TeleopSet {
  const n = robot.joints.length;
  const ik = kinematicsOf(robot, options.toolLink);
  const actions = new ActionStream({ joints: robot.joints, maxVelocity: options.maxVelocity ?? 2 });
  const keyboard = new KeyboardTeleop(n, ik, options.keyboard);
  const gamepad = new GamepadTeleop(n, ik);
  const sliders = new SliderTeleop(n);
  const gizmo = ik ? new GizmoTeleop(ik) : null;
  const scripted = ik ? new ScriptedTeleop(ik, robot.joints, options.scripted) : null;
  const leader = options.leader ? new LeaderTeleop(options.leader.arm, n, options.leader.options) : null;
  actions.add(keyboard).add(gamepad).add(sliders);
  if (gizmo) actions.add(gizmo);
  if (scripted) actions.add(scripted);
  if (leader) actions.add(leader);
  if (options.initial && options.initial !== 'keyboard') actions.activate(options.initial);
  return { actions, ik, keyboard, gamepad, sliders, gizmo, scripted, leader };
}
