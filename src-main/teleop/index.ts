// Teleoperation: sources of joint-target actions (keyboard, gamepad, sliders, a 3D gizmo, a leader
// arm, a scripted operator) behind one ActionStream that clamps them to the joint limits and a speed
// limit. The loop that owns the clock (recorder/) calls ActionStream.step() at its fixed rate.
export { type ActionObservation, ActionStream, type ActionStreamEvent, type ActionStreamOptions, type TeleopStatus } from './action-stream';
export {
  type GamepadAxisBinding,
  type GamepadButtonBinding,
  type GamepadMapping,
  type GamepadOptions,
  type GamepadSnapshot,
  type GamepadTarget,
  GamepadTeleop,
  gamepadMapping,
} from './gamepad';
export { type GizmoSolve, GizmoTeleop, type ToolPose } from './gizmo';
export { type KeyBinding, type KeyboardMode, type KeyboardOptions, KeyboardTeleop, keyBindingLabel, keyboardBindings } from './keyboard';
export { type LeaderArm, type LeaderOptions, LeaderTeleop, leaderArmFromLink } from './leader';
export { type Random, randomBetween, randomCreate } from './random';
export { type ScriptedBehaviour, type ScriptedOptions, ScriptedTeleop } from './scripted';
export { SliderTeleop } from './sliders';
export type { TeleopKind, TeleopNotice, TeleopSource, TeleopTick } from './source';
export { type TeleopSet, type TeleopSetOptions, teleopSetCreate } from './teleop-set';
