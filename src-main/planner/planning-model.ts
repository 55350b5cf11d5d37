// A world model bound to a robot, as the planner sees it (PlanningModel), and the helpers that turn raw
// observations into a plan's context and goal. The runtime-backed model rolls a batch out with the
// runtime's rollout and decodes it with the probe.
import { ErrorCodes, PraxisError } from '../api';
import { chainForward, chainFromUrdf, chainPoseCreate, chainWorkspaceCreate } from '../kinematics';
import { FusedRollout, type OnnxModelOptions, WorldModel } from '../model';
import { robotFileRead, SO101_JOINT_NAMES, SO101_URDF, urdfParse } from '../sim';
import type { Box3, PlanContext, PlanGoal, PlanningModel, PlanRobot, RolloutView } from './types';

/** The table under the sim arm (top face at z = 0; resources/robots/so101/so101.xml), as a keep-out zone. */
export const TABLE_TOP: Box3 = { min: [-0.3, -0.35, -0.04], max: [0.6, 0.35, 0] };

/** The SO-101's tool chain (gripper tip) from the shipped URDF. */
export function so101PlanRobot(): PlanRobot {
  return { chain: chainFromUrdf(urdfParse(robotFileRead(SO101_URDF)), 'gripper_tip', SO101_JOINT_NAMES), jointNames: SO101_JOINT_NAMES };
}

function cubeDimsOf(names: readonly string[]): readonly [number, number] | null {
  const x = names.indexOf('cube.x');
  const y = names.indexOf('cube.y');
  return x >= 0 && y >= 0 ? [x, y] : null;
}

/**
 * The planner's view of an opened WorldModel (the caller keeps ownership and disposes both). With a
 * FusedRollout a batch is one ORT call (unroll + probe); without, the runtime's step-by-step rollout and probe.
 */
export function planningModelFromWorldModel(world: WorldModel, robot: PlanRobot = so101PlanRobot(), fused: FusedRollout | null = null): PlanningModel {
  const card = world.card;
  const hasProbe = card.hasProbe;
  return {
    latentDim: world.latentDim,
    obsDim: card.dims.obsDim,
    actDim: card.dims.actDim,
    history: world.history,
    frameskip: world.frameskip,
    blockDim: world.blockDim,
    actionPeriod: 1 / card.fps,
    jointDims: card.jointDims,
    cubeDims: cubeDimsOf(card.obsNames),
    robot,
    encode: (observations) => world.encode(observations),
    decode: async (latents) => (hasProbe ? world.decode(latents) : null),
    async rollout(context: PlanContext, candidates: Float32Array, count: number, horizon: number): Promise<RolloutView> {
      if (fused && count >= 2) {
        const out = await fused.run(context.latents, context.actions, candidates, count, horizon);
        return { count, horizon, actions: candidates, latents: out.latents, observations: out.observations };
      }
      const latents = await world.rollout({ latents: context.latents, actions: context.actions }, candidates, horizon);
      const observations = hasProbe ? await world.decode(latents) : null;
      return { count, horizon, actions: candidates, latents, observations };
    },
  };
}

/**
 * Open a model folder for planning (model-card.json + ONNX files), bound to the SO-101 unless told otherwise.
 * Where the folder has weights.safetensors and its card the recipe (models Praxis trained), rollouts run
 * fused: one ORT call per batch (src-main/model/runtime/fused-rollout.ts).
 */
export async function planningModelLoad(dir: string, o: OnnxModelOptions & { robot?: PlanRobot } = {}): Promise<PlanningModel & { dispose(): Promise<void> }> {
  const world = await WorldModel.load(dir, o);
  const fused = await FusedRollout.open(dir, world.card, o);
  return Object.assign(planningModelFromWorldModel(world, o.robot, fused), {
    dispose: async () => {
      await fused?.dispose();
      await world.dispose();
    },
  });
}

/**
 * The context of a plan from the last c raw observations [c, obsDim] (oldest first) and the c − 1 raw
 * action blocks between them [c − 1, blockDim]; c is cut to the model's history by the caller.
 */
export async function planContextFromObservations(model: PlanningModel, observations: Float32Array, actions: Float32Array = new Float32Array(0)): Promise<PlanContext> {
  const c = observations.length / model.obsDim;
  if (!Number.isInteger(c) || c < 1 || actions.length !== (c - 1) * model.blockDim) {
    throw new PraxisError(
      ErrorCodes.INVALID_ARGUMENT,
      `a plan context needs c observations of ${model.obsDim} values and c − 1 action blocks of ${model.blockDim}; got ${observations.length} and ${actions.length} values`,
      'Pass the last observations and the blocks executed between them.',
    );
  }
  const latents = await model.encode(observations);
  return { latents, actions, observation: observations.slice((c - 1) * model.obsDim) };
}

/** Forward kinematics of one observation's joints (null without a chain). */
export function endEffectorOf(model: PlanningModel, observation: ArrayLike<number>, at = 0): [number, number, number] | null {
  const chain = model.robot.chain;
  if (!chain) return null;
  const q = new Float64Array(chain.jointCount);
  model.jointDims.forEach((d, j) => {
    if (j < q.length) q[j] = observation[at + d];
  });
  const p = chainForward(chain, q, chainPoseCreate(), chainWorkspaceCreate(chain)).position;
  return [p[0], p[1], p[2]];
}

/**
 * A goal from a raw goal observation [obsDim]: its encoding, its joints, its end-effector by FK and its cube
 * position; `extra` overrides any of them (e.g. a gizmo's exact end-effector target).
 */
export async function planGoalFromObservation(model: PlanningModel, observation: Float32Array, extra: Partial<PlanGoal> = {}): Promise<PlanGoal> {
  if (observation.length !== model.obsDim) {
    throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `a goal observation has ${model.obsDim} values, got ${observation.length}`, 'Pass one raw observation in the model card\'s layout.');
  }
  const latent = await model.encode(observation);
  const joints = Float32Array.from(model.jointDims, (d) => observation[d]);
  const ee = endEffectorOf(model, observation);
  const cd = model.cubeDims;
  return {
    latent,
    observation,
    joints,
    ...(ee ? { endEffector: ee } : {}),
    ...(cd ? { cube: [observation[cd[0]], observation[cd[1]]] as const } : {}),
    ...extra,
  };
}
