// The embedded default robot: a MuJoCo world with one position-controlled arm and free objects.
//
// Deterministic at its core: nothing here reads a clock. `stepFor` advances exact timesteps (tests,
// sped-up recording); `start` hands the same world to a RealtimeRunner that paces it to the wall
// clock. Safety (limits, speed cap, e-stop) is not this file's business: commands reach the arm through
// RobotLink's gate and the virtual servos. What stays here is physics: a position actuator saturates at
// its control range (the MJCF's ctrlrange), and setTargets returns the targets the actuators act on.

import { ErrorCodes, PraxisError, type Radians, type Seconds } from '../api';
import { type ArmLayout, armLayoutRead, type SimJoint } from './arm-layout';
import { type ArmSample, armSampleCreate } from './arm-sample';
import { type MujocoModule, mujocoErrorMessage, mujocoLoad } from './mujoco-runtime';
import { type Pose, rotationToQuaternion } from './pose';
import {
  RealtimeRunner,
  type RealtimeRunnerOptions,
  type RealtimeWorld,
  type RunnerErrorListener,
  type RunnerStats,
  type SampleListener,
} from './realtime-runner';
import { type RobotFilesOptions, robotFileRead, SO101_MJCF, SO101_URDF } from './robot-files';
import { positionGainsScale } from './servo-gains';

type MjModel = InstanceType<MujocoModule['MjModel']>;
type MjData = InstanceType<MujocoModule['MjData']>;

/** The SO-101's joints in LeRobot's order: the order of every joint array in this module. */
export const SO101_JOINT_NAMES = ['shoulder_pan', 'shoulder_lift', 'elbow_flex', 'wrist_flex', 'wrist_roll', 'gripper'] as const;

export interface SimulatedArmOptions extends RobotFilesOptions {
  /** MJCF file under robots/. Default so101/so101.xml. */
  mjcfFile?: string;
  /** URDF file under robots/ with the same kinematic tree, for the renderer. Default so101/so101.urdf. */
  urdfFile?: string;
  /** Joint names in the order the arrays use. Default SO101_JOINT_NAMES. */
  jointNames?: readonly string[];
  /** Site whose pose is the end-effector pose. Default gripper_tip. */
  endEffectorSite?: string;
  /** Keyframe that reset() restores. Default home. */
  homeKey?: string;
  /** Stiffness of every joint's position loop relative to the MJCF (servo-gains.ts). Default 1. */
  positionGainScale?: number;
}

interface LiveViews {
  qpos: Float64Array;
  qvel: Float64Array;
  ctrl: Float64Array;
  qfrcActuator: Float64Array;
  siteXpos: Float64Array;
  siteXmat: Float64Array;
}

function simError(message: string, hint: string, details?: Record<string, unknown>): PraxisError {
  return new PraxisError(ErrorCodes.SIM_ERROR, message, hint, details);
}

function argumentError(message: string, details?: Record<string, unknown>): PraxisError {
  return new PraxisError(ErrorCodes.INVALID_ARGUMENT, message, 'Check the values sent to the simulator.', details);
}

export class SimulatedArm implements RealtimeWorld {
  /** The arm's joints, in the order of every joint array. */
  readonly joints: readonly SimJoint[];
  /** Free bodies whose poses each sample carries. */
  readonly objectNames: readonly string[];
  /** Cameras in the scene, for RayCastCamera. */
  readonly cameraNames: readonly string[];
  /** URDF text of the arm (same kinematics as the MJCF), for the 3D view. */
  readonly urdf: string;
  readonly timestep: Seconds;

  private readonly mujoco: MujocoModule;
  private model: MjModel | undefined;
  private data: MjData | undefined;
  private readonly layout: ArmLayout;
  /** Targets in force, radians (mirrors the actuators' ctrl). */
  private readonly targets: Float64Array;
  /** Each actuator's control range (ctrlrange), in joint order: where its output saturates. */
  private readonly ctrlLower: Float64Array;
  private readonly ctrlUpper: Float64Array;
  private readonly torqueOn: boolean[];
  private cached: LiveViews | undefined;
  private readonly runner: RealtimeRunner;

  /** Loads the MuJoCo engine (once per process) and the arm's model files. */
  static async load(options: SimulatedArmOptions = {}): Promise<SimulatedArm> {
    const mujoco = await mujocoLoad();
    const mjcf = robotFileRead(options.mjcfFile ?? SO101_MJCF, options);
    const urdf = robotFileRead(options.urdfFile ?? SO101_URDF, options);
    return SimulatedArm.fromXml(mujoco, mjcf, urdf, options);
  }

  /** Builds an arm from MJCF text already in memory (tests, user-supplied models). */
  static fromXml(mujoco: MujocoModule, mjcf: string, urdf: string, options: SimulatedArmOptions = {}): SimulatedArm {
    let model: MjModel;
    try {
      model = mujoco.MjModel.from_xml_string(mjcf);
    } catch (e) {
      throw simError(`MuJoCo cannot load the robot model: ${mujocoErrorMessage(e)}`, 'Fix the MJCF file, or restore it from the repository.');
    }
    try {
      return new SimulatedArm(mujoco, model, urdf, options);
    } catch (e) {
      model.delete();
      throw e;
    }
  }

  private constructor(mujoco: MujocoModule, model: MjModel, urdf: string, options: SimulatedArmOptions) {
    this.mujoco = mujoco;
    this.model = model;
    this.urdf = urdf;
    const opt = model.opt;
    this.timestep = opt.timestep as Seconds;
    opt.delete();
    this.layout = armLayoutRead(mujoco, model, {
      jointNames: options.jointNames ?? SO101_JOINT_NAMES,
      endEffectorSite: options.endEffectorSite ?? 'gripper_tip',
      homeKey: options.homeKey ?? 'home',
    });
    if (options.positionGainScale !== undefined) positionGainsScale(model, this.layout.actuatorIndex, options.positionGainScale);
    this.joints = this.layout.joints;
    this.objectNames = this.layout.objects.map((o) => o.name);
    this.cameraNames = this.layout.cameraNames;
    this.targets = new Float64Array(this.joints.length);
    // (actuator_ctrllimited is a bool array the WASM binding cannot hand over; with autolimits an actuator
    // is limited exactly when its range is non-empty.)
    const ctrlRange = model.actuator_ctrlrange as Float64Array;
    const saturation = (j: number, side: 0 | 1) => {
      const a = this.layout.actuatorIndex[j];
      const limited = ctrlRange[2 * a] < ctrlRange[2 * a + 1];
      return limited ? ctrlRange[2 * a + side] : side ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    };
    this.ctrlLower = Float64Array.from(this.joints, (_, j) => saturation(j, 0));
    this.ctrlUpper = Float64Array.from(this.joints, (_, j) => saturation(j, 1));
    this.torqueOn = new Array(this.joints.length).fill(true);
    this.data = new mujoco.MjData(model);
    this.reset();
    this.runner = new RealtimeRunner(this);
  }

  /** Simulated seconds since the last reset. */
  get time(): Seconds {
    return this.live().data.time as Seconds;
  }

  /** The joint angles reset() restores, radians. */
  homePose(): Float64Array {
    const { model } = this.live();
    const out = new Float64Array(this.joints.length);
    if (this.layout.homeKeyIndex < 0) return out;
    const keyQpos = model.key_qpos as Float64Array;
    for (let j = 0; j < out.length; j++) out[j] = keyQpos[this.layout.homeKeyIndex * model.nq + this.layout.qposAddress[j]];
    return out;
  }

  /**
   * Sets all joint targets (radians, joint order). A target beyond an actuator's control range saturates
   * there, as MuJoCo's position actuator does; returns the targets the actuators act on, in `out` if given.
   */
  setTargets(positions: ArrayLike<number>, out: Float64Array = new Float64Array(this.joints.length)): Float64Array {
    if (positions.length !== this.joints.length) {
      throw argumentError(`Expected ${this.joints.length} joint targets, got ${positions.length}.`, { expected: this.joints.length, got: positions.length });
    }
    for (let j = 0; j < positions.length; j++) {
      if (!Number.isFinite(positions[j])) throw argumentError(`Target for ${this.joints[j].name} is not a number (${positions[j]}).`, { joint: this.joints[j].name });
    }
    const { ctrl } = this.views();
    for (let j = 0; j < positions.length; j++) {
      const saturated = this.saturate(j, positions[j]);
      this.targets[j] = saturated;
      ctrl[this.layout.actuatorIndex[j]] = saturated;
      out[j] = saturated;
    }
    return out;
  }

  /** Sets one joint's target (saturating at its actuator's control range); returns the target applied. */
  setTarget(jointIndex: number, position: number): Radians {
    if (!Number.isInteger(jointIndex) || jointIndex < 0 || jointIndex >= this.joints.length) {
      throw argumentError(`There is no joint ${jointIndex}; the arm has joints 0–${this.joints.length - 1}.`, { jointIndex });
    }
    if (!Number.isFinite(position)) throw argumentError(`Target for ${this.joints[jointIndex].name} is not a number (${position}).`);
    const saturated = this.saturate(jointIndex, position);
    this.targets[jointIndex] = saturated;
    this.views().ctrl[this.layout.actuatorIndex[jointIndex]] = saturated;
    return saturated as Radians;
  }

  /** Physics, not safety: MuJoCo clamps ctrl to ctrlrange when it acts; mirror it so targets read true. */
  private saturate(joint: number, target: number): number {
    return Math.min(this.ctrlUpper[joint], Math.max(this.ctrlLower[joint], target));
  }

  /** Number of joints (the length of every joint array). */
  get jointCount(): number {
    return this.joints.length;
  }

  /** Present joint angles, radians, in `out` if given. */
  readPositions(out: Float64Array = new Float64Array(this.joints.length)): Float64Array {
    const { qpos } = this.views();
    for (let j = 0; j < this.joints.length; j++) out[j] = qpos[this.layout.qposAddress[j]];
    return out;
  }

  /**
   * Servo torque on or off, for one joint or all. Off, the joint goes limp: no position control and
   * no gravity holding, so it sags as an unpowered servo does. On, the servo first takes its present
   * position as target (as LeRobot does before enabling torque), so the arm does not jump.
   */
  setTorque(on: boolean, joint?: number): void {
    if (joint !== undefined && (!Number.isInteger(joint) || joint < 0 || joint >= this.joints.length)) {
      throw argumentError(`There is no joint ${joint}; the arm has joints 0–${this.joints.length - 1}.`, { joint });
    }
    const { model } = this.live();
    const range = model.jnt_actfrcrange as Float64Array;
    const { qpos, ctrl } = this.views();
    for (let j = 0; j < this.joints.length; j++) {
      if (joint !== undefined && j !== joint) continue;
      if (on && !this.torqueOn[j]) {
        const present = this.saturate(j, qpos[this.layout.qposAddress[j]]);
        this.targets[j] = present;
        ctrl[this.layout.actuatorIndex[j]] = present;
      }
      // A zero actuator force range at the joint clamps the servo's whole output, gravity holding
      // included (actuatorgravcomp goes through the same clamp).
      const limit = on ? this.layout.torqueLimit[j] : 0;
      range[2 * this.layout.jointIds[j]] = -limit;
      range[2 * this.layout.jointIds[j] + 1] = limit;
      this.torqueOn[j] = on;
    }
  }

  /** Whether each joint's servo holds torque, in joint order. */
  torqueEnabled(): boolean[] {
    return this.torqueOn.slice();
  }

  /** Restores the home keyframe: arm at rest in its home pose, targets = home, objects back, time 0, torque on. */
  reset(): void {
    const { model, data } = this.live();
    if (this.torqueOn.some((on) => !on)) this.setTorque(true);
    if (this.layout.homeKeyIndex >= 0) this.mujoco.mj_resetDataKeyframe(model, data, this.layout.homeKeyIndex);
    else this.mujoco.mj_resetData(model, data);
    const { ctrl } = this.views();
    for (let j = 0; j < this.joints.length; j++) this.targets[j] = ctrl[this.layout.actuatorIndex[j]];
    this.mujoco.mj_forward(model, data);
  }

  /**
   * Advances the physics by `steps` timesteps. If the physics diverges (MuJoCo then silently resets
   * to the model's zero pose, time 0, controls 0), the arm is put back at home and a SIM_ERROR is
   * thrown, so callers never read a state that jumped without notice.
   */
  step(steps = 1): void {
    const { model, data } = this.live();
    const expected = data.time + steps * this.timestep;
    for (let i = 0; i < steps; i++) this.mujoco.mj_step(model, data);
    if (data.time < expected - this.timestep / 2) {
      this.reset();
      throw simError(
        'The physics became unstable and was reset; the arm is back at its home pose.',
        'Avoid placing objects inside the arm or each other. If it happens again, report what led to it.',
      );
    }
  }

  /** Advances the physics by `seconds` (rounded to whole timesteps); returns the steps taken. */
  stepFor(seconds: number): number {
    if (!(seconds >= 0) || !Number.isFinite(seconds)) throw argumentError(`Cannot step for ${seconds} s.`);
    const steps = Math.round(seconds / this.timestep);
    this.step(steps);
    return steps;
  }

  /** Moves a free object (the cube) to a pose, at rest. Quaternion (w, x, y, z) is normalised. */
  placeObject(name: string, position: readonly [number, number, number], quaternion: readonly [number, number, number, number] = [1, 0, 0, 0]): void {
    const object = this.layout.objects.find((o) => o.name === name);
    if (!object) throw argumentError(`There is no free object named "${name}"; the scene has ${this.objectNames.join(', ') || 'none'}.`, { name });
    const norm = Math.hypot(...quaternion);
    if (![...position, norm].every(Number.isFinite) || norm === 0) throw argumentError(`Pose for "${name}" must be finite, with a non-zero quaternion.`);
    const { qpos, qvel } = this.views();
    for (let i = 0; i < 3; i++) qpos[object.qposAddress + i] = position[i];
    for (let i = 0; i < 4; i++) qpos[object.qposAddress + 3 + i] = quaternion[i] / norm;
    qvel.fill(0, object.dofAddress, object.dofAddress + 6);
    const { model, data } = this.live();
    this.mujoco.mj_forward(model, data);
  }

  /** A fresh sample of the current state. */
  readState(): ArmSample {
    return this.readStateInto(this.sampleCreate());
  }

  /** An empty sample shaped for this arm (for readStateInto). */
  sampleCreate(): ArmSample {
    return armSampleCreate(this.joints.length, this.objectNames);
  }

  /** Fills `sample` with the current state without allocating. */
  readStateInto(sample: ArmSample): ArmSample {
    const { data } = this.live();
    const { qpos, qvel, qfrcActuator } = this.views();
    sample.t = data.time as Seconds;
    for (let j = 0; j < this.joints.length; j++) {
      sample.position[j] = qpos[this.layout.qposAddress[j]];
      sample.velocity[j] = qvel[this.layout.dofAddress[j]];
      sample.effort[j] = qfrcActuator[this.layout.dofAddress[j]];
      sample.targets[j] = this.targets[j];
    }
    // Read object poses from qpos, not xpos: after mj_step, xpos still holds the pre-step pose.
    for (let k = 0; k < this.layout.objects.length; k++) {
      const address = this.layout.objects[k].qposAddress;
      const out = sample.objects[k];
      out.position[0] = qpos[address];
      out.position[1] = qpos[address + 1];
      out.position[2] = qpos[address + 2];
      out.quaternion[0] = qpos[address + 3];
      out.quaternion[1] = qpos[address + 4];
      out.quaternion[2] = qpos[address + 5];
      out.quaternion[3] = qpos[address + 6];
    }
    return sample;
  }

  /** Pose of the end-effector site (between the jaw tips) in the world frame. */
  endEffectorPose(): Pose {
    const { model, data } = this.live();
    // mj_step leaves site poses one step behind qpos; recompute kinematics so the pose is current.
    this.mujoco.mj_kinematics(model, data);
    const { siteXpos, siteXmat } = this.views();
    const i = this.layout.siteIndex;
    return {
      position: [siteXpos[3 * i], siteXpos[3 * i + 1], siteXpos[3 * i + 2]],
      quaternion: rotationToQuaternion(siteXmat, 9 * i),
    };
  }

  /** Runs the physics in real time and publishes samples at publishHz (default 200). */
  start(options: Omit<RealtimeRunnerOptions, 'clock' | 'timers'> = {}): void {
    this.live();
    this.runner.start(options);
  }

  stop(): void {
    this.runner.stop();
  }

  get running(): boolean {
    return this.runner.running;
  }

  /**
   * Subscribes to real-time samples; returns the unsubscribe function. The sample is borrowed:
   * it is overwritten at the next tick, so copy it (armSampleCopy) to keep it.
   */
  onSample(listener: SampleListener): () => void {
    return this.runner.onSample(listener);
  }

  /** Errors while running in real time (the physics diverged and was reset); the loop keeps going. */
  onError(listener: RunnerErrorListener): () => void {
    return this.runner.onError(listener);
  }

  stats(): RunnerStats {
    return this.runner.stats();
  }

  /** Stops the loop and frees the MuJoCo model and data. Idempotent; the arm is unusable afterwards. */
  dispose(): void {
    this.stop();
    this.cached = undefined;
    this.data?.delete();
    this.model?.delete();
    this.data = undefined;
    this.model = undefined;
  }

  /**
   * The engine, model and data behind this arm, for sim/ internals that need raw MuJoCo (the
   * ray-cast camera). The handles stay owned by the arm: never delete them, never keep them past
   * dispose(). Other folders use the typed API above.
   */
  mujocoHandles(): { mujoco: MujocoModule; model: MjModel; data: MjData } {
    return { mujoco: this.mujoco, ...this.live() };
  }

  private live(): { model: MjModel; data: MjData } {
    if (!this.model || !this.data) throw simError('The simulator has been shut down.', 'Connect to the simulator again.');
    return { model: this.model, data: this.data };
  }

  /**
   * Typed-array views into WASM memory. They detach (length 0) when the WASM heap grows, e.g. when
   * another arm is created, so they are refetched then.
   */
  private views(): LiveViews {
    const { data } = this.live();
    if (!this.cached || this.cached.qpos.length === 0) {
      this.cached = {
        qpos: data.qpos,
        qvel: data.qvel,
        ctrl: data.ctrl,
        qfrcActuator: data.qfrc_actuator,
        siteXpos: data.site_xpos,
        siteXmat: data.site_xmat,
      };
    }
    return this.cached;
  }
}
