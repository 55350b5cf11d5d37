// Where the arm lives inside a MuJoCo model: for each joint (in our order) its id, qpos/dof
// addresses, limits, servo torque limit and actuator; the free objects; the end-effector site and
// the home keyframe. Read once at load; every hot-path access is then a typed-array index.

import { ErrorCodes, PraxisError, type Radians } from '../api';
import type { MujocoModule } from './mujoco-runtime';
import { mujocoName, mujocoNames } from './mujoco-names';

type MjModel = InstanceType<MujocoModule['MjModel']>;

// MuJoCo enum values (mjtJoint, mjtTrn); stable across MuJoCo 3.x.
const JOINT_FREE = 0;
const JOINT_HINGE = 3;
const TRANSMISSION_JOINT = 0;

export interface SimJoint {
  name: string;
  lower: Radians;
  upper: Radians;
}

export interface FreeObject {
  name: string;
  qposAddress: number;
  dofAddress: number;
}

export interface ArmLayout {
  joints: SimJoint[];
  jointIds: Int32Array;
  qposAddress: Int32Array;
  dofAddress: Int32Array;
  actuatorIndex: Int32Array;
  lower: Float64Array;
  upper: Float64Array;
  /** N·m, from the joint's actuatorfrcrange. */
  torqueLimit: Float64Array;
  objects: FreeObject[];
  /** Cameras defined in the model (for RayCastCamera), in model order. */
  cameraNames: string[];
  siteIndex: number;
  /** −1 when the model has no such keyframe. */
  homeKeyIndex: number;
}

export interface ArmLayoutNames {
  jointNames: readonly string[];
  endEffectorSite: string;
  homeKey: string;
}

function layoutError(message: string, hint: string, details?: Record<string, unknown>): PraxisError {
  return new PraxisError(ErrorCodes.SIM_ERROR, message, hint, details);
}

/** Reads the arm's layout from `model`; throws SIM_ERROR naming what the model lacks. */
export function armLayoutRead(mujoco: MujocoModule, model: MjModel, names: ArmLayoutNames): ArmLayout {
  const { jointNames } = names;
  const n = jointNames.length;
  const jointType = model.jnt_type as Int32Array;
  const range = model.jnt_range as Float64Array;
  const actuatorForceRange = model.jnt_actfrcrange as Float64Array;
  const qposAdr = model.jnt_qposadr as Int32Array;
  const dofAdr = model.jnt_dofadr as Int32Array;
  const layout: ArmLayout = {
    joints: [],
    jointIds: new Int32Array(n),
    qposAddress: new Int32Array(n),
    dofAddress: new Int32Array(n),
    actuatorIndex: new Int32Array(n).fill(-1),
    lower: new Float64Array(n),
    upper: new Float64Array(n),
    torqueLimit: new Float64Array(n),
    objects: [],
    cameraNames: [],
    siteIndex: -1,
    homeKeyIndex: -1,
  };

  for (let j = 0; j < n; j++) {
    const name = jointNames[j];
    const id = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_JOINT.value, name);
    if (id < 0 || jointType[id] !== JOINT_HINGE) {
      throw layoutError(`The robot model has no hinge joint named "${name}".`, 'Use the so101 model shipped with Praxis Studio, or name the joints as the profile expects.', { joint: name });
    }
    layout.jointIds[j] = id;
    layout.qposAddress[j] = qposAdr[id];
    layout.dofAddress[j] = dofAdr[id];
    layout.lower[j] = range[2 * id];
    layout.upper[j] = range[2 * id + 1];
    layout.torqueLimit[j] = Math.max(Math.abs(actuatorForceRange[2 * id]), Math.abs(actuatorForceRange[2 * id + 1]));
    layout.joints.push({ name, lower: range[2 * id] as Radians, upper: range[2 * id + 1] as Radians });
  }

  const trnType = model.actuator_trntype as Int32Array;
  const trnId = model.actuator_trnid as Int32Array;
  for (let a = 0; a < model.nu; a++) {
    const j = layout.jointIds.indexOf(trnId[2 * a]);
    if (trnType[a] !== TRANSMISSION_JOINT || j < 0) continue;
    if (layout.actuatorIndex[j] >= 0) throw layoutError(`Joint "${jointNames[j]}" has two actuators.`, 'Give each arm joint exactly one position actuator in the MJCF.');
    layout.actuatorIndex[j] = a;
  }
  const unactuated = jointNames.filter((_, j) => layout.actuatorIndex[j] < 0);
  if (unactuated.length > 0) throw layoutError(`No actuator drives ${unactuated.join(', ')}.`, 'Give each arm joint a position actuator in the MJCF.', { joints: unactuated });

  const modelNames = model.names as Int8Array;
  const jointBody = model.jnt_bodyid as Int32Array;
  const bodyNameAddress = model.name_bodyadr as Int32Array;
  for (let id = 0; id < model.njnt; id++) {
    if (jointType[id] !== JOINT_FREE) continue;
    layout.objects.push({ name: mujocoName(modelNames, bodyNameAddress[jointBody[id]]), qposAddress: qposAdr[id], dofAddress: dofAdr[id] });
  }

  layout.cameraNames = mujocoNames(modelNames, model.name_camadr as Int32Array);

  layout.siteIndex = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_SITE.value, names.endEffectorSite);
  if (layout.siteIndex < 0) throw layoutError(`The robot model has no site named "${names.endEffectorSite}".`, 'Add an end-effector site to the MJCF.', { site: names.endEffectorSite });
  layout.homeKeyIndex = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_KEY.value, names.homeKey);
  return layout;
}
