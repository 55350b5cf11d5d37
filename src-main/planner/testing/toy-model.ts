// A planning model with known dynamics, for testing the searches without a world model: a point in the plane
// driven by two prismatic "joints" (x, y). Each raw action is a position target the point moves halfway to
// per frame (a first-order servo); the latent, the observation and the joints are the position itself, so
// the best plan and its cost are known exactly.
import { chainCreate } from '../../kinematics';
import type { PlanContext, PlanGoal, PlanningModel, RolloutView } from '../types';

export const TOY_FRAMESKIP = 2;
/** Fraction of the remaining distance to the target covered per frame. */
export const TOY_GAIN = 0.5;

export interface ToyModel extends PlanningModel {
  /** Batched rollout calls made so far (one per search iteration is the contract). */
  calls: number;
}

export function toyModel(limit = 1): ToyModel {
  const chain = chainCreate(
    [
      { name: 'x', type: 'prismatic', xyz: [0, 0, 0], rpy: [0, 0, 0], axis: [1, 0, 0], lower: -limit, upper: limit },
      { name: 'y', type: 'prismatic', xyz: [0, 0, 0], rpy: [0, 0, 0], axis: [0, 1, 0], lower: -limit, upper: limit },
    ],
    ['x', 'y'],
  );
  const model: ToyModel = {
    calls: 0,
    latentDim: 2,
    obsDim: 2,
    actDim: 2,
    history: 1,
    frameskip: TOY_FRAMESKIP,
    blockDim: 2 * TOY_FRAMESKIP,
    actionPeriod: 0.1,
    jointDims: [0, 1],
    cubeDims: null,
    robot: { chain, jointNames: ['x', 'y'] },
    encode: async (o) => o.slice(),
    decode: async (z) => z.slice(),
    async rollout(context: PlanContext, candidates: Float32Array, count: number, horizon: number): Promise<RolloutView> {
      model.calls++;
      const latents = new Float32Array(count * horizon * 2);
      const z0 = context.latents.subarray(context.latents.length - 2);
      for (let n = 0; n < count; n++) {
        let x = z0[0];
        let y = z0[1];
        for (let s = 0; s < horizon; s++) {
          for (let f = 0; f < TOY_FRAMESKIP; f++) {
            const a = ((n * horizon + s) * TOY_FRAMESKIP + f) * 2;
            x += TOY_GAIN * (candidates[a] - x);
            y += TOY_GAIN * (candidates[a + 1] - y);
          }
          latents[(n * horizon + s) * 2] = x;
          latents[(n * horizon + s) * 2 + 1] = y;
        }
      }
      return { count, horizon, actions: candidates, latents, observations: latents };
    },
  };
  return model;
}

export function toyContext(x = 0, y = 0): PlanContext {
  return { latents: Float32Array.of(x, y), actions: new Float32Array(0), observation: Float32Array.of(x, y) };
}

export function toyGoal(x: number, y: number): PlanGoal {
  return { latent: Float32Array.of(x, y), observation: Float32Array.of(x, y), joints: Float32Array.of(x, y), endEffector: [x, y, 0] };
}
