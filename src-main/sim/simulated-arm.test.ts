import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPraxisError } from '../api';
import { urdfLinkTransform } from './forward-kinematics';
import { SimulatedArm, SO101_JOINT_NAMES } from './simulated-arm';
import { urdfParse } from './urdf';

const TOLERANCE = 0.02; // rad
const CUBE_HALF_SIZE = 0.015; // m; the table top is z = 0

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isPraxisError(e) ? e.code : `not a PraxisError: ${e}`;
  }
  return undefined;
}

/**
 * shoulder_lift, elbow_flex, wrist_flex putting the gripper tip at horizontal distance `reach` from
 * the pan axis and height `height`, pointing straight down (elbow up). Planar geometry of the model:
 * lift axis at (0.03, 0.11); upper arm (0.028, 0.113); forearm 0.135; wrist + tool 0.06 + 0.095.
 */
function gripperDownAt(reach: number, height: number): [number, number, number] {
  const [sx, sz] = [0.03, 0.11];
  const [wx, wz] = [reach, height + 0.155];
  const upper = Math.hypot(0.028, 0.113);
  const upperSkew = Math.atan2(0.028, 0.113);
  const forearm = 0.135;
  const distance = Math.hypot(wx - sx, wz - sz);
  const towardsWrist = Math.atan2(wx - sx, wz - sz); // from vertical, towards +reach
  const spread = Math.acos((upper * upper + distance * distance - forearm * forearm) / (2 * upper * distance));
  const upperDirection = towardsWrist - spread;
  const lift = upperDirection - upperSkew;
  const [ex, ez] = [sx + upper * Math.sin(upperDirection), sz + upper * Math.cos(upperDirection)];
  const forearmDown = Math.atan2(ez - wz, wx - ex);
  const elbow = forearmDown - lift;
  return [lift, elbow, Math.PI / 2 - lift - elbow];
}

let arm: SimulatedArm;

beforeAll(async () => {
  arm = await SimulatedArm.load();
});

afterAll(() => arm?.dispose());

describe('SimulatedArm', () => {
  it('exposes the six SO-101 joints in order, with limits from the model, and the cube', () => {
    expect(arm.joints.map((j) => j.name)).toEqual([...SO101_JOINT_NAMES]);
    const pan = arm.joints[0];
    expect(pan.lower).toBeCloseTo(-1.91986, 5);
    expect(pan.upper).toBeCloseTo(1.91986, 5);
    expect(arm.joints[5].lower).toBeCloseTo(-0.174533, 5);
    expect(arm.objectNames).toEqual(['cube']);
    expect(arm.cameraNames).toEqual(['overhead', 'front']);
    expect(arm.timestep).toBe(0.002);
    expect(arm.urdf).toContain('<robot name="so101">');
  });

  // Each joint from the home pose to a target well inside its range, chosen so the arm touches
  // neither the table nor itself on the way.
  const moves: [string, number][] = [
    ['shoulder_pan', 1.2],
    ['shoulder_lift', -0.9],
    ['elbow_flex', -1.2],
    ['wrist_flex', -0.8],
    ['wrist_roll', 2.2],
    ['gripper', 1.3],
  ];
  for (const [name, target] of moves) {
    it(`brings ${name} to ${target} rad within ${TOLERANCE} rad in under 2 s, without overshoot`, () => {
      arm.reset();
      const j = arm.joints.findIndex((joint) => joint.name === name);
      const start = arm.readState().position[j];
      const direction = Math.sign(target - start);
      expect(arm.setTarget(j, target)).toBe(target);
      let reachedAt = Number.NaN;
      let overshoot = 0;
      while (arm.time < 2) {
        arm.stepFor(0.01);
        const q = arm.readState().position[j];
        overshoot = Math.max(overshoot, direction * (q - target));
        if (Math.abs(q - target) < TOLERANCE) reachedAt = Number.isNaN(reachedAt) ? arm.time : reachedAt;
        else reachedAt = Number.NaN; // must stay within tolerance once there
      }
      expect(reachedAt).toBeLessThan(2);
      expect(overshoot).toBeLessThan(TOLERANCE);
      // The other joints hold their home pose meanwhile.
      const home = arm.homePose();
      const state = arm.readState();
      for (let k = 0; k < arm.joints.length; k++) if (k !== j) expect(Math.abs(state.position[k] - home[k])).toBeLessThan(TOLERANCE);
    });
  }

  it('saturates targets at the actuators\' control range (physics, not the safety gate) and reports what they act on', () => {
    arm.reset();
    const applied = arm.setTargets([5, -5, 0, 0, 10, -1]);
    expect(Array.from(applied)).toEqual([1.91986, -1.74533, 0, 0, 2.84121, -0.174533].map((x) => expect.closeTo(x, 6)));
    expect(Array.from(arm.readState().targets)).toEqual(Array.from(applied));
    expect(arm.setTarget(2, -100)).toBeCloseTo(-1.69, 6);
    // The servo then drives the joint to its limit, not past it.
    arm.setTargets([1.91986 + 1, 0, 0, 0.9, 0, 0.1]);
    arm.stepFor(2);
    expect(arm.readState().position[0]).toBeCloseTo(1.91986, 2);
    expect(arm.readState().position[0]).toBeLessThanOrEqual(1.91986 + 0.005);
  });

  it('rejects targets of the wrong length, non-numbers and unknown joints as INVALID_ARGUMENT', () => {
    expect(codeOf(() => arm.setTargets([0, 0, 0]))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => arm.setTargets([0, Number.NaN, 0, 0, 0, 0]))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => arm.setTarget(6, 0))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => arm.setTarget(0, Number.POSITIVE_INFINITY))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => arm.stepFor(-1))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => arm.placeObject('sphere', [0, 0, 0.1]))).toBe('INVALID_ARGUMENT');
  });

  it('lets a dropped cube fall onto the table and come to rest', () => {
    arm.reset();
    const tilt = [Math.cos(0.3), Math.sin(0.3) * 0.6, Math.sin(0.3) * 0.8, 0] as [number, number, number, number];
    arm.placeObject('cube', [0.25, -0.1, 0.12], tilt);
    arm.stepFor(0.05);
    expect(arm.readState().objects[0].position[2]).toBeLessThan(0.12); // it is falling
    arm.stepFor(1.95);
    const before = arm.readState().objects[0];
    arm.stepFor(0.2);
    const after = arm.readState().objects[0];
    expect(after.position[2]).toBeCloseTo(CUBE_HALF_SIZE, 3);
    const drift = Math.hypot(after.position[0] - before.position[0], after.position[1] - before.position[1], after.position[2] - before.position[2]);
    expect(drift / 0.2).toBeLessThan(1e-3); // m/s: at rest
    // Resting on a face: the cube's vertical axis is aligned with one of its own axes.
    const [w, x, y, z] = after.quaternion;
    const zAxisZ = [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)].map(Math.abs);
    expect(Math.max(...zAxisZ)).toBeCloseTo(1, 3);
  });

  it('can pick the cube up, carry it and put it down elsewhere', () => {
    arm.reset();
    const cube = arm.readState().objects[0].position.slice();
    // Aim the tool point 8 mm towards the fixed jaw's side of the cube, so the opened moving jaw
    // clears it on the way down and closing pinches it against the fixed jaw.
    const pan = Math.atan2(cube[1], cube[0]);
    const aim = [cube[0] - 0.008 * Math.sin(pan), cube[1] + 0.008 * Math.cos(pan)];
    const reach = Math.hypot(aim[0], aim[1]);
    const panTarget = Math.atan2(aim[1], aim[0]);
    const open = 1.0;
    const closed = -0.1;
    arm.setTargets([panTarget, ...gripperDownAt(reach, 0.06), 0, open]);
    arm.stepFor(1.5);
    arm.setTargets([panTarget, ...gripperDownAt(reach, 0.012), 0, open]);
    arm.stepFor(1.5);
    arm.setTargets([panTarget, ...gripperDownAt(reach, 0.012), 0, closed]);
    arm.stepFor(1);
    arm.setTargets([panTarget, ...gripperDownAt(reach, 0.07), 0, closed]);
    arm.stepFor(1.5);
    const lifted = arm.readState().objects[0].position;
    expect(lifted[2]).toBeGreaterThan(0.05); // off the table, in the jaws
    arm.setTargets([panTarget - 0.5, ...gripperDownAt(reach, 0.07), 0, closed]);
    arm.stepFor(1.5);
    const carried = arm.readState().objects[0].position;
    expect(carried[2]).toBeGreaterThan(0.05);
    expect(Math.hypot(carried[0] - cube[0], carried[1] - cube[1])).toBeGreaterThan(0.08);
    arm.setTargets([panTarget - 0.5, ...gripperDownAt(reach, 0.07), 0, open]);
    arm.stepFor(1.5);
    const dropped = arm.readState().objects[0].position;
    expect(dropped[2]).toBeCloseTo(CUBE_HALF_SIZE, 3);
    expect(Math.hypot(dropped[0] - carried[0], dropped[1] - carried[1])).toBeLessThan(0.05);
  });

  it('reset restores the home pose, targets, cube and time', () => {
    arm.reset();
    const home = arm.homePose();
    const cubeHome = arm.readState().objects[0].position.slice();
    arm.setTargets([1, -0.5, -0.5, 0, 1, 1]);
    arm.placeObject('cube', [0.1, 0.2, 0.2]);
    arm.stepFor(0.5);
    arm.reset();
    const state = arm.readState();
    expect(state.t).toBe(0);
    expect(Array.from(state.position)).toEqual(Array.from(home));
    expect(Array.from(state.targets)).toEqual(Array.from(home));
    expect(Array.from(state.velocity).every((v) => v === 0)).toBe(true);
    expect(state.objects[0].position).toEqual(cubeHome);
    expect(home[3]).toBeCloseTo(0.9, 9); // wrist tilted down towards the table
  });

  it('is deterministic: the same targets and steps give the same state', async () => {
    const twin = await SimulatedArm.load();
    try {
      for (const sim of [arm, twin]) {
        sim.reset();
        sim.setTargets([0.5, -0.3, 0.4, 0.2, -1, 0.8]);
        sim.stepFor(0.7);
      }
      expect(Array.from(twin.readState().position)).toEqual(Array.from(arm.readState().position));
      expect(twin.readState().objects).toEqual(arm.readState().objects);
    } finally {
      twin.dispose();
    }
  });

  it('with half the position gain, lags behind the stock servos on the way and still arrives', async () => {
    const soft = await SimulatedArm.load({ positionGainScale: 0.5 });
    try {
      const targets = arm.homePose();
      targets[1] += 0.5;
      targets[2] -= 0.4;
      const lifted = (sim: SimulatedArm, seconds: number) => {
        sim.stepFor(seconds);
        return sim.readPositions()[1] - sim.homePose()[1];
      };
      for (const sim of [arm, soft]) {
        sim.reset();
        sim.setTargets(targets);
      }
      // Five frames in, the stiffer loop has carried shoulder_lift clearly further (measured 0.43 vs 0.31 rad).
      expect(lifted(soft, 5 / 30)).toBeLessThan(0.85 * lifted(arm, 5 / 30));
      expect(lifted(soft, 2)).toBeCloseTo(0.5, 1);
    } finally {
      soft.dispose();
    }
    for (const scale of [0, -1, Number.NaN]) {
      await expect(SimulatedArm.load({ positionGainScale: scale })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
  });

  it('reports the gripper-tip pose, matching URDF forward kinematics', () => {
    arm.reset();
    arm.setTargets([0.4, -0.3, 0.5, 0.6, 0.8, 0.5]);
    arm.stepFor(1.5);
    const state = arm.readState();
    const urdf = urdfParse(arm.urdf);
    const expected = urdfLinkTransform(urdf, 'gripper_tip', new Map(arm.joints.map((j, k) => [j.name, state.position[k]])));
    const pose = arm.endEffectorPose();
    for (let k = 0; k < 3; k++) expect(pose.position[k]).toBeCloseTo(expected.position[k], 6);
    expect(Math.hypot(...pose.quaternion)).toBeCloseTo(1, 9);
  });

  it('reports servo effort holding the arm against gravity', () => {
    arm.reset();
    arm.stepFor(1);
    const state = arm.readState();
    // The level forearm, wrist and gripper (~0.25 kg, centre ~0.15 m out) hang on the elbow: gravity
    // turns it about +y, so the servo pushes back with about −0.4 N·m.
    expect(state.effort[2]).toBeLessThan(-0.2);
    expect(state.effort[2]).toBeGreaterThan(-0.8);
    // The pan axis is vertical: gravity needs no holding torque there.
    expect(Math.abs(state.effort[0])).toBeLessThan(0.02);
    expect(Math.abs(state.velocity[2])).toBeLessThan(0.01);
  });

  it('lets a joint go limp with torque off, and holds where it is when torque comes back', () => {
    arm.reset();
    arm.stepFor(0.5);
    const level = arm.readPositions()[2];
    arm.setTorque(false, 2);
    expect(arm.torqueEnabled()).toEqual([true, true, false, true, true, true]);
    arm.stepFor(0.5);
    const sagged = arm.readPositions()[2];
    // Unpowered, the forearm falls: elbow_flex grows (bends down) under gravity.
    expect(sagged - level).toBeGreaterThan(0.2);
    expect(Math.abs(arm.readState().effort[2])).toBeLessThan(1e-9);
    arm.setTorque(true, 2);
    expect(arm.readState().targets[2]).toBeCloseTo(sagged, 2);
    arm.stepFor(0.5);
    const held = arm.readPositions()[2];
    arm.stepFor(0.5);
    expect(Math.abs(arm.readPositions()[2] - held)).toBeLessThan(0.005);
    expect(codeOf(() => arm.setTorque(false, 7))).toBe('INVALID_ARGUMENT');
  });

  it('switches torque back on at reset', () => {
    arm.setTorque(false);
    expect(arm.torqueEnabled().some((on) => on)).toBe(false);
    arm.reset();
    expect(arm.torqueEnabled().every((on) => on)).toBe(true);
    arm.stepFor(1);
    const home = arm.homePose();
    const now = arm.readPositions();
    for (let j = 0; j < home.length; j++) expect(Math.abs(now[j] - home[j])).toBeLessThan(TOLERANCE);
  });

  it('reports diverged physics as SIM_ERROR and puts the arm back at home', () => {
    arm.reset();
    arm.setTargets([1, 0, 0, 0, 0, 0]);
    arm.stepFor(0.2);
    // An absurd joint speed makes MuJoCo give up and silently reset its data to the zero pose.
    (arm.mujocoHandles().data.qvel as Float64Array)[1] = 1e30;
    expect(codeOf(() => arm.stepFor(0.01))).toBe('SIM_ERROR');
    const state = arm.readState();
    expect(state.t).toBe(0);
    expect(Array.from(state.position)).toEqual(Array.from(arm.homePose()));
    expect(Array.from(state.targets)).toEqual(Array.from(arm.homePose()));
    arm.stepFor(0.1); // and it runs on normally
    expect(arm.time).toBeCloseTo(0.1, 9);
  });

  it('refuses use after dispose with SIM_ERROR, and disposing twice is harmless', async () => {
    const temporary = await SimulatedArm.load();
    temporary.dispose();
    temporary.dispose();
    expect(codeOf(() => temporary.readState())).toBe('SIM_ERROR');
    expect(codeOf(() => temporary.stepFor(0.1))).toBe('SIM_ERROR');
  });

  it('rejects an MJCF that MuJoCo cannot load with SIM_ERROR', async () => {
    const { mujocoLoad } = await import('./mujoco-runtime');
    const mujoco = await mujocoLoad();
    expect(codeOf(() => SimulatedArm.fromXml(mujoco, '<mujoco><worldbody><body></mujoco>', ''))).toBe('SIM_ERROR');
    expect(codeOf(() => SimulatedArm.fromXml(mujoco, '<mujoco><worldbody/></mujoco>', ''))).toBe('SIM_ERROR');
  });
});
