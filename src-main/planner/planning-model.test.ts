import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainForward } from '../kinematics';
import { planContextFromObservations, planGoalFromObservation, planningModelLoad } from './planning-model';
import type { PlanningModel } from './types';

const dir = join(__dirname, '../../models/sim-arm');
let model: PlanningModel & { dispose(): Promise<void> };

beforeAll(async () => {
  model = await planningModelLoad(dir, { threads: 1 });
});
afterAll(async () => {
  await model?.dispose();
});

const obsAt = (q: number[], cube: [number, number]) => {
  const o = new Float32Array(19);
  o.set(q, 0);
  o.set([cube[0], cube[1], 0.015, 1, 0, 0, 0], 12);
  return o;
};

describe('the shipped model as a planning model', () => {
  it('makes a goal with its encoding, joints, end-effector by FK and cube position', async () => {
    const q = [0.3, -0.2, 0.4, 0.9, 0, 0.1];
    const goal = await planGoalFromObservation(model, obsAt(q, [0.25, 0.05]));
    expect(goal.latent).toHaveLength(model.latentDim);
    expect(Array.from(goal.joints ?? [])).toEqual(Array.from(Float32Array.from(q)));
    const chain = model.robot.chain;
    if (!chain) throw new Error('the SO-101 chain is bound by default');
    const tip = chainForward(chain, Float32Array.from(q)).position;
    expect(goal.endEffector?.[0]).toBeCloseTo(tip[0], 5);
    expect(goal.endEffector?.[2]).toBeCloseTo(tip[2], 5);
    expect(goal.cube?.[0]).toBeCloseTo(0.25, 6);
    expect(model.cubeDims).toEqual([12, 13]);
  });

  it('rolls a batch out as one call with latents and decoded observations per step', async () => {
    const q = [0, 0, 0, 0.9, 0, 0.1];
    const obs = new Float32Array(3 * 19);
    for (let i = 0; i < 3; i++) obs.set(obsAt(q, [0.2, 0]), i * 19);
    const hold = new Float32Array(2 * model.blockDim).map((_, i) => q[i % 6]);
    const ctx = await planContextFromObservations(model, obs, hold);
    expect(ctx.latents).toHaveLength(3 * model.latentDim);
    const cand = new Float32Array(4 * 2 * model.blockDim).map((_, i) => q[i % 6]);
    const v = await model.rollout(ctx, cand, 4, 2);
    expect(v.latents).toHaveLength(4 * 2 * model.latentDim);
    expect(v.observations).toHaveLength(4 * 2 * 19);
    // Holding still is predicted as staying near the pose (the probe's floor is about 0.02 rad).
    expect(Math.abs((v.observations?.[3] ?? 0) - 0.9)).toBeLessThan(0.1);
  });

  it('refuses a context whose widths do not match the model', async () => {
    await expect(planContextFromObservations(model, new Float32Array(18))).rejects.toThrow(/a plan context needs/);
  });
});
