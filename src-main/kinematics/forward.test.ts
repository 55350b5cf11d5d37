import { describe, expect, it } from 'vitest';
import { robotFileRead, SO101_JOINT_NAMES, SO101_URDF, urdfLinkPose, urdfParse } from '../sim';
import { chainCreate, chainFromUrdf } from './chain';
import { chainForward, chainJacobian, chainPoseCreate, chainWorkspaceCreate } from './forward';
import { quaternionFromMat3 } from './rigid';

/** A planar two-link arm in the x–z plane: links of 0.3 m and 0.2 m, both turning about y. */
const planar = chainCreate(
  [
    { name: 'a', type: 'revolute', xyz: [0, 0, 0], rpy: [0, 0, 0], axis: [0, 1, 0], lower: -3, upper: 3 },
    { name: 'b', type: 'revolute', xyz: [0.3, 0, 0], rpy: [0, 0, 0], axis: [0, 1, 0], lower: -3, upper: 3 },
    { name: 'tip', type: 'fixed', xyz: [0.2, 0, 0], rpy: [0, 0, 0], axis: [1, 0, 0], lower: 0, upper: 0 },
  ],
  ['a', 'b'],
);

describe('chainForward', () => {
  it('matches the closed form of a planar two-link arm', () => {
    const a = 0.4;
    const b = -0.9;
    const pose = chainForward(planar, [a, b]);
    // Turning about +y takes +x toward −z.
    expect(pose.position[0]).toBeCloseTo(0.3 * Math.cos(a) + 0.2 * Math.cos(a + b), 12);
    expect(pose.position[2]).toBeCloseTo(-(0.3 * Math.sin(a) + 0.2 * Math.sin(a + b)), 12);
    expect(pose.position[1]).toBeCloseTo(0, 12);
  });

  it('agrees with the simulator URDF forward kinematics for the SO-101 tool frame', () => {
    const robot = urdfParse(robotFileRead(SO101_URDF));
    const chain = chainFromUrdf(robot, 'gripper_tip', SO101_JOINT_NAMES);
    expect(Array.from(chain.movable)).toEqual([0, 1, 2, 3, 4]); // the gripper jaw is not on the way to the tip
    const q = [0.3, -0.5, 0.8, -0.4, 1.1, 0.7];
    const pose = chainForward(chain, q);
    const expected = urdfLinkPose(robot, 'gripper_tip', new Map(SO101_JOINT_NAMES.map((name, j) => [name, q[j]])));
    for (let i = 0; i < 3; i++) expect(pose.position[i]).toBeCloseTo(expected.position[i], 12);
    const quaternion = quaternionFromMat3(pose.rotation);
    for (let i = 0; i < 4; i++) expect(quaternion[i]).toBeCloseTo(expected.quaternion[i], 12);
  });

  it('reads the limits of the joints it moves and leaves the others unlimited', () => {
    const chain = chainFromUrdf(urdfParse(robotFileRead(SO101_URDF)), 'gripper_tip', SO101_JOINT_NAMES);
    expect(chain.lower[0]).toBeCloseTo(-1.91986, 5);
    expect(chain.upper[2]).toBeCloseTo(1.69, 5);
    expect(chain.lower[5]).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('chainJacobian', () => {
  it('equals finite differences of the forward kinematics', () => {
    const chain = chainFromUrdf(urdfParse(robotFileRead(SO101_URDF)), 'gripper_tip', SO101_JOINT_NAMES);
    const n = chain.movable.length;
    const work = chainWorkspaceCreate(chain);
    const q = Float64Array.of(0.2, 0.4, -0.6, 0.3, -0.2, 0);
    const pose = chainForward(chain, q, chainPoseCreate(), work);
    const jacobian = chainJacobian(chain, pose, work, new Float64Array(6 * n));
    const h = 1e-6;
    for (let k = 0; k < n; k++) {
      const qh = q.slice();
      qh[chain.movable[k]] += h;
      const moved = chainForward(chain, qh);
      for (let r = 0; r < 3; r++) expect(jacobian[r * n + k]).toBeCloseTo((moved.position[r] - pose.position[r]) / h, 5);
    }
  });
});

describe('chainFromUrdf', () => {
  it('names a missing tool link instead of returning an empty chain', () => {
    const robot = urdfParse(robotFileRead(SO101_URDF));
    expect(() => chainFromUrdf(robot, 'hand', SO101_JOINT_NAMES)).toThrow(/no link "hand"/);
  });
  it('refuses a chain none of whose joints the robot drives', () => {
    const robot = urdfParse(robotFileRead(SO101_URDF));
    expect(() => chainFromUrdf(robot, 'gripper_tip', ['x', 'y'])).toThrow(/no joint of the chain/);
  });
});
