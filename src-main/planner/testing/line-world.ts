// A world small enough to reason about, for executor tests: two joints that go exactly where they are
// sent, observed as (positions, velocities); the "model" knows this, so its one-block prediction is exact
// and any surprise is a disturbance the test made.
import type { CommandVerdict, ExecutionArm } from '../executor-types';
import type { RobotState } from '../goals-observation';
import type { PlanContext, PlannerSettings, PlanningModel, PlanResult, RolloutView } from '../types';
import { plannerSettings } from '../presets';

export const LINE_JOINTS = [
  { name: 'a', lower: -1, upper: 1 },
  { name: 'b', lower: -1, upper: 1 },
];
export const LINE_OBS_NAMES = ['a.pos', 'b.pos', 'a.vel', 'b.vel'];
const J = 2;
const FS = 2;

/** Latent = observation; a block's prediction is its last target, at rest. */
export function lineModel(): PlanningModel {
  return {
    latentDim: 2 * J,
    obsDim: 2 * J,
    actDim: J,
    history: 1,
    frameskip: FS,
    blockDim: FS * J,
    actionPeriod: 1 / 30,
    jointDims: [0, 1],
    cubeDims: null,
    robot: { chain: null, jointNames: ['a', 'b'] },
    encode: async (o) => o.slice(),
    decode: async (z) => z.slice(),
    async rollout(_context: PlanContext, candidates: Float32Array, count: number, horizon: number): Promise<RolloutView> {
      const latents = new Float32Array(count * horizon * 2 * J);
      for (let i = 0; i < count; i++) {
        for (let s = 0; s < horizon; s++) {
          for (let j = 0; j < J; j++) latents[(i * horizon + s) * 2 * J + j] = candidates[((i * horizon + s) * FS + FS - 1) * J + j];
        }
      }
      return { count, horizon, actions: candidates, latents, observations: latents.slice() };
    },
  };
}

export function lineSettings(o: Partial<PlannerSettings> = {}): PlannerSettings {
  return plannerSettings('fast', { horizon: 3, replanEvery: 1, ...o });
}

/**
 * A "planner" that walks straight at the goal joints in `horizon` blocks (optionally overshooting by
 * `overshoot` radians at the end, to test the gate), or refuses naming a keep-out zone.
 */
export function linePlanner(o: { overshoot?: number; refuse?: boolean } = {}) {
  return async (model: PlanningModel, context: PlanContext, goal: { joints?: Float32Array }, settings: PlannerSettings): Promise<PlanResult> => {
    const H = settings.horizon;
    const from = context.observation;
    const to = goal.joints as Float32Array;
    const actions = new Float32Array(H * model.blockDim);
    for (let s = 0; s < H; s++) {
      for (let f = 0; f < FS; f++) {
        const u = (s * FS + f + 1) / (H * FS);
        for (let j = 0; j < J; j++) actions[(s * FS + f) * J + j] = from[j] + (to[j] + (o.overshoot ?? 0) - from[j]) * u;
      }
    }
    const view = await model.rollout(context, actions, 1, H);
    const refusal = o.refuse ? { constraint: "keep-out zone 'table top'", kind: 'keep-out' as const, step: 1, message: "step 1 enters keep-out zone 'table top'" } : null;
    return {
      status: o.refuse ? 'refused' : 'planned',
      horizon: H,
      blockDim: model.blockDim,
      actions,
      latents: view.latents,
      steps: Array.from({ length: H }, (_, s) => ({
        observation: view.latents.slice(s * 2 * J, (s + 1) * 2 * J),
        endEffector: null,
        cost: { total: H - s, terms: { joints: H - s } },
        safe: !(o.refuse && s >= 1),
        violations: o.refuse && s === 1 ? [{ kind: 'keep-out' as const, constraint: "keep-out zone 'table top'", step: 1, amount: 0.01 }] : [],
      })),
      cost: 1,
      alternatives: [],
      subgoals: [],
      refusal,
      stats: { planner: 'cem', iterations: 1, candidateSteps: H, warm: false, totalMs: 0, rolloutMs: 0 },
    };
  };
}

/** The two-joint arm: goes exactly where the gate lets it; `push` moves a joint as a hand would. */
export class LineArm implements ExecutionArm {
  readonly position = new Float64Array(J);
  readonly velocity = new Float64Array(J);
  commands = 0;
  holds = 0;
  /** Called on the n-th command (0-based), e.g. to push a joint mid-plan. */
  onCommand: ((n: number) => void) | null = null;

  constructor(private readonly gate: (targets: Float64Array, present: Float64Array) => CommandVerdict) {}

  state(): RobotState {
    return { position: this.position, velocity: this.velocity, objects: [] };
  }

  async command(targets: Float64Array): Promise<CommandVerdict> {
    const v = this.gate(targets, this.position);
    if (v.sent) this.position.set(v.sent);
    const n = this.commands++;
    this.onCommand?.(n);
    return v;
  }

  hold(): void {
    this.holds++;
  }
}
