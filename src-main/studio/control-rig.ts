import type { RobotDescription } from '../api';
import { chainFromUrdf, IkSolver } from '../kinematics';
import { liveSource, type PushedCamera, type Recorder, type RecorderRobot } from '../recorder';
import { RayCastCamera, urdfParse } from '../sim';
import { ActionStream, GamepadTeleop, GizmoTeleop, KeyboardTeleop, ScriptedTeleop, SliderTeleop } from '../teleop';
import type { RobotSource } from './robot-source';

/** The sim camera's image size and rate: small enough to ray-cast beside a 200 Hz loop on two cores. */
export const SIM_CAMERA = { name: 'front', width: 96, height: 72, hz: 15 };

/** Everything the control loop of one connected robot is made of. */
export interface ControlRig {
  source: RobotSource;
  description: RobotDescription;
  ik: IkSolver | null;
  actions: ActionStream;
  sliders: SliderTeleop;
  keyboard: KeyboardTeleop;
  gamepad: GamepadTeleop;
  gizmo: GizmoTeleop | null;
  robot: RecorderRobot & { dispose(): void };
  /** The simulator's own camera, when the source is the simulator. */
  sceneCamera: RayCastCamera | null;
  recorder: Recorder;
  /** Which cameras the current recorder records, as a key (rebuilt when a recording asks for others). */
  cameraKey: string;
  webcam: PushedCamera | null;
}

/**
 * Build the teleop sources and the robot adapter for a controllable source. End-effector sources (IK
 * jogging, gizmo, scripted operator) exist only when the URDF names a tool link. Every tick's action goes
 * to the robot's safety gate tagged with the active source, and the verdict goes back into the action
 * stream: what the recorder then records as the action is what was really sent, and under e-stop the gate
 * refuses (and says so) rather than a guard here.
 */
export function controlRigBuild(source: RobotSource, yielded: () => boolean = () => false): Omit<ControlRig, 'recorder' | 'cameraKey' | 'webcam'> {
  const description = source.describe();
  const joints = description.joints;
  const ik = ikFor(description);
  // The speed cap the Teleop panel shows is the one the robot's gate applies.
  const maxVelocity = source.link?.profile.joints.map((j) => j.maxVelocity);
  const actions = new ActionStream({ joints, maxVelocity });
  const sliders = new SliderTeleop(joints.length);
  const keyboard = new KeyboardTeleop(joints.length, ik);
  const gamepad = new GamepadTeleop(joints.length, ik);
  actions.add(sliders).add(keyboard).add(gamepad);
  const gizmo = ik ? new GizmoTeleop(ik) : null;
  if (ik && gizmo) {
    actions.add(gizmo);
    actions.add(new ScriptedTeleop(ik, joints));
  }
  const gated = {
    onSample: source.onSample.bind(source),
    // The recorder's action array is the stream's own: commit() overwrites it with what the gate sent.
    // While the plan executor holds the arm (yielded), the loop sends nothing: one source moves the arm at a time.
    setTargets: (t: Float64Array) => (source.command && !yielded() ? actions.commit(source.command(t, actions.commandSource)) : undefined),
    reset: source.reset?.bind(source),
  };
  const robot = liveSource(gated, joints.map((j) => j.name), description.objects.map((o) => o.name));
  return { source, description, ik, actions, sliders, keyboard, gamepad, gizmo, robot, sceneCamera: sceneCameraFor(source) };
}

/** An IK solver for the arm's tool, when its URDF names one (SO-101: gripper_tip). */
export function ikFor(description: RobotDescription): IkSolver | null {
  try {
    const tree = urdfParse(description.urdf);
    const tip = ['gripper_tip', 'tool', 'tcp', 'ee_link'].find((l) => tree.links.includes(l));
    if (!tip) return null;
    return new IkSolver(chainFromUrdf(tree, tip, description.joints.map((j) => j.name)));
  } catch {
    return null;
  }
}

/** The simulator's camera, ray-cast by MuJoCo: works headless, with no window and no GPU. */
function sceneCameraFor(source: RobotSource): RayCastCamera | null {
  const world = (source as { world?: ConstructorParameters<typeof RayCastCamera>[0] }).world;
  if (!world) return null;
  try {
    return new RayCastCamera(world, SIM_CAMERA.name, { width: SIM_CAMERA.width, height: SIM_CAMERA.height });
  } catch {
    return null;
  }
}
