import { describe, expect, it } from 'vitest';
import { IkSolver } from '../kinematics';
import { so101Chain } from '../kinematics/testing/so101-chain';
import { SIM_STATE_NAMES } from '../model';
import { SO101_JOINT_NAMES } from '../sim';
import { type GoalWorld, goalResolve } from './goals';
import { observationColumns } from './goals-observation';

const chain = so101Chain();
// The gripper is not in the tool chain (its limits there are open): give it the arm's range.
const joints = SO101_JOINT_NAMES.map((name, j) => ({ name, lower: Number.isFinite(chain.lower[j]) ? chain.lower[j] : -0.2, upper: Number.isFinite(chain.upper[j]) ? chain.upper[j] : 2 }));
const columns = observationColumns(SIM_STATE_NAMES, SO101_JOINT_NAMES);
const world: GoalWorld = { joints, columns, ik: new IkSolver(chain) };
const now = {
  position: Float64Array.of(0, -0.5, 0.6, 0.8, 0, 0.3),
  velocity: Float64Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6),
  objects: [{ name: 'cube', position: [0.25, 0.02, 0.015] as [number, number, number], quaternion: [1, 0, 0, 0] as [number, number, number, number] }],
};

describe('goalResolve', () => {
  it('turns joint targets into an at-rest observation that keeps the cube where it is', async () => {
    const g = await goalResolve({ kind: 'joints', joints: [0.2, -0.3, 0.4, 0.5, 0.1, 0.2] }, now, world);
    expect(Array.from(g.observation.subarray(0, 6))).toEqual(Array.from(Float32Array.of(0.2, -0.3, 0.4, 0.5, 0.1, 0.2)));
    expect(Array.from(g.observation.subarray(6, 12))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(g.observation[12]).toBeCloseTo(0.25, 6);
    expect(g.cube).toBeNull();
    expect(g.tool).not.toBeNull();
  });

  it('solves an end-effector goal with IK, and the goal joints put the tool there', async () => {
    const target = world.ik?.forward(Float64Array.of(0.3, -0.2, 0.5, 0.6, 0, 0.3)).position as Float64Array;
    const g = await goalResolve({ kind: 'ee', position: [target[0], target[1], target[2]] }, now, world);
    expect(g.ik?.positionError).toBeLessThan(0.002);
    const tool = g.tool as [number, number, number];
    expect(Math.hypot(tool[0] - target[0], tool[1] - target[1], tool[2] - target[2])).toBeLessThan(0.002);
  });

  it('refuses an end-effector goal out of reach, saying how far', async () => {
    await expect(goalResolve({ kind: 'ee', position: [2, 0, 0.2] }, now, world)).rejects.toThrow(/out of reach/);
  });

  it('refuses joint targets outside the limits, naming the joint', async () => {
    await expect(goalResolve({ kind: 'joints', joints: [0, -0.5, 0.6, 0.8, 0, 99] }, now, world)).rejects.toThrow(/gripper/);
  });

  it('moves only the cube for a push goal', async () => {
    const g = await goalResolve({ kind: 'cube', cube: [0.3, -0.05] }, now, world);
    expect(g.cube).toEqual([0.3, -0.05]);
    expect(g.observation[12]).toBeCloseTo(0.3, 6);
    expect(g.observation[13]).toBeCloseTo(-0.05, 6);
    expect(g.observation[1]).toBeCloseTo(-0.5, 6);
  });

  it('takes a recorded frame as the whole goal, cube included', async () => {
    const state = SIM_STATE_NAMES.map((_, i) => i / 100);
    const episodeWorld: GoalWorld = { ...world, episodeFrame: async () => ({ stateNames: SIM_STATE_NAMES, state }) };
    const g = await goalResolve({ kind: 'episode', dataset: 'd', episode: 0, frame: 3 }, now, episodeWorld);
    expect(g.joints).toEqual(state.slice(0, 6));
    expect(g.observation[12]).toBeCloseTo(0.12, 6);
    expect(g.cube?.[0]).toBeCloseTo(0.12, 6);
  });

  it('refuses a model that observes a joint the robot lacks', () => {
    expect(() => observationColumns(['elbow.pos'], SO101_JOINT_NAMES)).toThrow(/does not have/);
  });
});
