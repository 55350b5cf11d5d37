// The MJCF (physics) and URDF (3D view, kinematics) of the default robot are authored by hand;
// these tests hold them to one kinematic tree.

import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPraxisError } from '../api';
import { urdfLinkTransform } from './forward-kinematics';
import { type MujocoModule, mujocoLoad } from './mujoco-runtime';
import { mujocoName, mujocoNames } from './mujoco-names';
import { robotFilePath, robotFileRead, SO101_MJCF, SO101_URDF } from './robot-files';
import { SO101_JOINT_NAMES } from './simulated-arm';
import { type UrdfRobot, urdfMovableJoints, urdfParse } from './urdf';
import { xmlChild, xmlChildren, xmlParse } from './xml-elements';

type MjModel = InstanceType<MujocoModule['MjModel']>;
type MjData = InstanceType<MujocoModule['MjData']>;

/** Small deterministic PRNG (mulberry32) so "random" configurations are the same every run. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let mujoco: MujocoModule;
let model: MjModel;
let data: MjData;
let urdf: UrdfRobot;

beforeAll(async () => {
  mujoco = await mujocoLoad();
  model = mujoco.MjModel.from_xml_string(robotFileRead(SO101_MJCF));
  data = new mujoco.MjData(model);
  urdf = urdfParse(robotFileRead(SO101_URDF));
});

afterAll(() => {
  data?.delete();
  model?.delete();
});

describe('robot file lookup', () => {
  it('finds the default robot from the repository without options', () => {
    expect(robotFilePath(SO101_MJCF)).toMatch(/resources[/\\]robots[/\\]so101[/\\]so101\.xml$/);
  });

  it('uses an explicit resourcesDir, as a bundled or packaged app passes it', () => {
    const resourcesDir = dirname(dirname(dirname(robotFilePath(SO101_MJCF))));
    const relocated = robotFilePath(SO101_URDF, { resourcesDir });
    expect(relocated).toBe(join(resourcesDir, 'robots', SO101_URDF));
  });

  it('says where it looked when an explicit resourcesDir has no robots', () => {
    try {
      robotFilePath(SO101_MJCF, { resourcesDir: '/nonexistent/praxis' });
      expect.unreachable();
    } catch (e) {
      expect(isPraxisError(e) && e.code).toBe('SIM_ERROR');
      expect(isPraxisError(e) && e.details?.tried).toEqual(['/nonexistent/praxis/robots/so101/so101.xml']);
    }
  });
});

describe('so101.xml and so101.urdf describe the same arm', () => {
  it('have the six SO-101 joints in LeRobot order', () => {
    const mjcfHinges = mujocoNames(model.names, model.name_jntadr).filter((_, id) => (model.jnt_type as Int32Array)[id] === 3);
    expect(mjcfHinges).toEqual([...SO101_JOINT_NAMES]);
    expect(urdfMovableJoints(urdf).map((j) => j.name)).toEqual([...SO101_JOINT_NAMES]);
  });

  it('agree on each joint: limits, axis, origin and parent link', () => {
    const bodyNames = mujocoNames(model.names, model.name_bodyadr);
    const range = model.jnt_range as Float64Array;
    const axis = model.jnt_axis as Float64Array;
    const jointBody = model.jnt_bodyid as Int32Array;
    const bodyPos = model.body_pos as Float64Array;
    const bodyQuat = model.body_quat as Float64Array;
    const bodyParent = model.body_parentid as Int32Array;
    for (const joint of urdfMovableJoints(urdf)) {
      const id = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_JOINT.value, joint.name);
      const body = jointBody[id];
      expect(range[2 * id], `${joint.name} lower`).toBeCloseTo(joint.lower, 9);
      expect(range[2 * id + 1], `${joint.name} upper`).toBeCloseTo(joint.upper, 9);
      expect(Array.from(axis.subarray(3 * id, 3 * id + 3)), `${joint.name} axis`).toEqual(joint.axis);
      expect(bodyNames[body], `${joint.name} child`).toBe(joint.child);
      expect(bodyNames[bodyParent[body]], `${joint.name} parent`).toBe(joint.parent);
      for (let k = 0; k < 3; k++) expect(bodyPos[3 * body + k], `${joint.name} origin`).toBeCloseTo(joint.xyz[k], 9);
      expect(joint.rpy).toEqual([0, 0, 0]);
      expect(Array.from(bodyQuat.subarray(4 * body, 4 * body + 4))).toEqual([1, 0, 0, 0]);
    }
  });

  it('agree on every actuator: one position servo per joint, commanding within the joint limits', () => {
    const actuatorNames = mujocoNames(model.names, model.name_actuatoradr);
    expect(actuatorNames).toEqual([...SO101_JOINT_NAMES]);
    const ctrlRange = model.actuator_ctrlrange as Float64Array;
    const trnId = model.actuator_trnid as Int32Array;
    const range = model.jnt_range as Float64Array;
    for (let a = 0; a < model.nu; a++) {
      const joint = trnId[2 * a];
      expect(mujocoName(model.names, (model.name_jntadr as Int32Array)[joint])).toBe(actuatorNames[a]);
      expect(ctrlRange[2 * a]).toBeCloseTo(range[2 * joint], 9);
      expect(ctrlRange[2 * a + 1]).toBeCloseTo(range[2 * joint + 1], 9);
    }
  });

  it('put the gripper tip at the same place and orientation for random configurations (< 1 mm)', () => {
    const random = seededRandom(101);
    const siteId = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_SITE.value, 'gripper_tip');
    const qposAddress = model.jnt_qposadr as Int32Array;
    for (let trial = 0; trial < 25; trial++) {
      const positions = new Map<string, number>();
      const qpos = data.qpos as Float64Array;
      for (const joint of urdfMovableJoints(urdf)) {
        const q = joint.lower + random() * (joint.upper - joint.lower);
        positions.set(joint.name, q);
        qpos[qposAddress[mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_JOINT.value, joint.name)]] = q;
      }
      mujoco.mj_kinematics(model, data);
      const expected = urdfLinkTransform(urdf, 'gripper_tip', positions);
      const sitePos = (data.site_xpos as Float64Array).subarray(3 * siteId, 3 * siteId + 3);
      const siteMat = (data.site_xmat as Float64Array).subarray(9 * siteId, 9 * siteId + 9);
      const distance = Math.hypot(sitePos[0] - expected.position[0], sitePos[1] - expected.position[1], sitePos[2] - expected.position[2]);
      expect(distance, `trial ${trial}`).toBeLessThan(1e-3);
      for (let k = 0; k < 9; k++) expect(siteMat[k]).toBeCloseTo(expected.rotation[k], 6);
    }
  });

  it('draw what the physics simulates: every URDF visual is the MuJoCo geom of the same name', () => {
    const numbers = (text: string | undefined) => (text ?? '').trim().split(/\s+/).map(Number);
    const geomSize = model.geom_size as Float64Array;
    const geomPos = model.geom_pos as Float64Array;
    const geomType = model.geom_type as Int32Array;
    const geomBody = model.geom_bodyid as Int32Array;
    const geomMaterial = model.geom_matid as Int32Array;
    const materialRgba = model.mat_rgba as Float32Array;
    const bodyNames = mujocoNames(model.names, model.name_bodyadr);
    let visuals = 0;
    for (const link of xmlChildren(xmlParse(robotFileRead(SO101_URDF)), 'link')) {
      for (const visual of xmlChildren(link, 'visual')) {
        visuals++;
        const name = visual.attributes.name;
        const id = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_GEOM.value, name);
        expect(id, `geom ${name}`).toBeGreaterThanOrEqual(0);
        expect(bodyNames[geomBody[id]], `${name} body`).toBe(link.attributes.name);
        const xyz = numbers(xmlChild(visual, 'origin')?.attributes.xyz);
        for (let k = 0; k < 3; k++) expect(geomPos[3 * id + k], `${name} position`).toBeCloseTo(xyz[k], 9);
        const geometry = xmlChild(visual, 'geometry');
        const box = geometry && xmlChild(geometry, 'box');
        const cylinder = geometry && xmlChild(geometry, 'cylinder');
        if (box) {
          expect(geomType[id], `${name} type`).toBe(mujoco.mjtGeom.mjGEOM_BOX.value);
          const size = numbers(box.attributes.size);
          for (let k = 0; k < 3; k++) expect(2 * geomSize[3 * id + k], `${name} size`).toBeCloseTo(size[k], 9);
        } else if (cylinder) {
          expect(geomType[id], `${name} type`).toBe(mujoco.mjtGeom.mjGEOM_CYLINDER.value);
          expect(geomSize[3 * id], `${name} radius`).toBeCloseTo(Number(cylinder.attributes.radius), 9);
          expect(2 * geomSize[3 * id + 1], `${name} length`).toBeCloseTo(Number(cylinder.attributes.length), 9);
        } else {
          expect.unreachable(`${name}: only box and cylinder visuals are used`);
        }
        const rgba = numbers(xmlChild(xmlChild(visual, 'material') ?? visual, 'color')?.attributes.rgba);
        for (let k = 0; k < 4; k++) expect(materialRgba[4 * geomMaterial[id] + k], `${name} colour`).toBeCloseTo(rgba[k], 5);
      }
    }
    // …and every geom of the arm has its visual.
    const armGeoms = Array.from(geomBody).filter((body) => urdf.links.includes(bodyNames[body])).length;
    expect(visuals).toBe(armGeoms);
    expect(visuals).toBe(14);
  });

  it('reach about 0.4 m from the shoulder axis with the arm stretched out', () => {
    const stretched = new Map([['shoulder_lift', Math.PI / 2], ['elbow_flex', -Math.PI / 2]]);
    const { position } = urdfLinkTransform(urdf, 'gripper_tip', stretched);
    expect(Math.hypot(position[0], position[1])).toBeGreaterThan(0.35);
    expect(Math.hypot(position[0], position[1])).toBeLessThan(0.5);
  });
});
