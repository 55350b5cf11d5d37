// The hierarchy (HWM, arXiv 2604.03208): a high-level search over coarse macro-actions — one joint target
// held for `blocksPerStep` blocks — over a horizon the low level could not search well, whose predicted
// states at the macro boundaries become subgoals; or the user's waypoints. The low-level MPC then tracks the
// first subgoal not yet reached. Stateless across replans: "reached" is judged from the current state.
import { endEffectorOf } from './planning-model';
import { type PlanOptions, searchProblem } from './plan-once';
import { sampleSearch } from './search';
import type { PlanContext, PlanGoal, PlannerSettings, PlanningModel, Subgoal } from './types';

export interface SubgoalPlan {
  subgoals: Subgoal[];
  /** The goal the low-level MPC tracks now. */
  target: PlanGoal;
  rolloutMs: number;
  candidateSteps: number;
}

function distanceTo(model: PlanningModel, observation: Float32Array, latentNow: Float32Array, goal: PlanGoal): { metres: number | null; latent: number } {
  const ee = goal.endEffector ? endEffectorOf(model, observation) : null;
  const metres = ee && goal.endEffector ? Math.hypot(ee[0] - goal.endEffector[0], ee[1] - goal.endEffector[1], ee[2] - goal.endEffector[2]) : null;
  let d2 = 0;
  for (let k = 0; k < goal.latent.length; k++) d2 += (latentNow[k] - goal.latent[k]) ** 2;
  return { metres, latent: Math.sqrt(d2) };
}

/**
 * Index of the first subgoal after the last one reached (the current state is within reach of it), never
 * before `from` (the one active at the last plan: a reached waypoint stays reached).
 */
function activeIndex(model: PlanningModel, context: PlanContext, goals: PlanGoal[], within: number, from: number): number {
  const Z = model.latentDim;
  const now = context.latents.subarray(context.latents.length - Z);
  for (let i = goals.length - 1; i >= Math.max(0, from); i--) {
    const d = distanceTo(model, context.observation, now, goals[i]);
    // Without an end-effector target a subgoal counts as reached when the latent is as close as the
    // distance allows in metres taken as latent units (a rough but monotone stand-in).
    if ((d.metres ?? d.latent) <= within) return Math.min(goals.length - 1, i + 1);
  }
  return Math.min(goals.length - 1, Math.max(0, from));
}

export async function planSubgoals(model: PlanningModel, context: PlanContext, goal: PlanGoal, settings: PlannerSettings, o: PlanOptions, from = 0): Promise<SubgoalPlan> {
  const within = settings.subgoals?.reachedWithin ?? 0.02;
  if (goal.waypoints?.length) {
    const goals = [...goal.waypoints, { ...goal, waypoints: undefined }];
    const active = activeIndex(model, context, goals, within, from);
    const decoded = await model.decode(Float32Array.from(goals.flatMap((g) => [...g.latent])));
    const subgoals = goals.map((g, i): Subgoal => {
      const obs = decoded ? decoded.slice(i * model.obsDim, (i + 1) * model.obsDim) : null;
      return { source: 'waypoint', latent: g.latent, observation: obs, endEffector: g.endEffector ? [...g.endEffector] : obs ? endEffectorOf(model, obs) : null, active: i === active };
    });
    return { subgoals, target: goals[active], rolloutMs: 0, candidateSteps: 0 };
  }
  const sg = settings.subgoals;
  if (!sg) return { subgoals: [], target: goal, rolloutMs: 0, candidateSteps: 0 };
  const count = Math.max(1, sg.count);
  const per = Math.max(1, sg.blocksPerStep);
  // The coarse search: `count` macro targets, each ramped to over `per` blocks. A macro block of per ×
  // frameskip raw actions is, in memory, `per` consecutive blocks of the model's, so it rolls out as is.
  const coarse: PlannerSettings = { ...settings, planner: 'cem', horizon: count, subgoals: undefined };
  const Z = model.latentDim;
  const D = model.obsDim;
  const macroModel: PlanningModel = {
    ...model,
    frameskip: model.frameskip * per,
    blockDim: model.blockDim * per,
    rollout: async (ctx, macro, n) => {
      const v = await model.rollout(ctx, macro, n, count * per);
      // The coarse costs and guardrails see where each macro-action ends.
      const latents = new Float32Array(n * count * Z);
      const obs = v.observations ? new Float32Array(n * count * D) : null;
      for (let c = 0; c < n; c++) {
        for (let m = 0; m < count; m++) {
          const at = c * count * per + (m + 1) * per - 1;
          latents.set(v.latents.subarray(at * Z, (at + 1) * Z), (c * count + m) * Z);
          if (obs && v.observations) obs.set(v.observations.subarray(at * D, (at + 1) * D), (c * count + m) * D);
        }
      }
      return { count: n, horizon: count, actions: macro, latents, observations: obs };
    },
  };
  const coarseProblem = searchProblem(macroModel, context, goal, coarse, count, o);
  const A = model.actDim;
  const mean = new Float32Array(count * A).map((_, i) => coarseProblem.start[i % A]);
  const std = new Float32Array(count * A).fill(settings.initStd);
  const out = await sampleSearch(coarseProblem, { mean, std }, settings.iterations);
  const goals: PlanGoal[] = [];
  const subgoals: Subgoal[] = [];
  for (let m = 0; m < count; m++) {
    const r = out.best * count + m;
    const last = m === count - 1;
    const latent = last ? goal.latent : out.view.latents.slice(r * Z, (r + 1) * Z);
    const obs = out.view.observations ? out.view.observations.slice(r * D, (r + 1) * D) : null;
    const ee = last && goal.endEffector ? ([...goal.endEffector] as [number, number, number]) : obs ? endEffectorOf(model, obs) : null;
    goals.push(last ? goal : { latent, ...(obs ? { observation: obs, joints: Float32Array.from(model.jointDims, (d) => obs[d]) } : {}), ...(ee && goal.endEffector ? { endEffector: ee } : {}), ...(goal.cube && obs && model.cubeDims ? { cube: [obs[model.cubeDims[0]], obs[model.cubeDims[1]]] as const } : {}) });
    subgoals.push({ source: 'planner', latent, observation: obs, endEffector: ee, active: false });
  }
  // Proposed afresh at every plan (from where the arm is now), so no progress carries over.
  const active = activeIndex(model, context, goals, sg.reachedWithin, 0);
  subgoals[active].active = true;
  return { subgoals, target: goals[active], rolloutMs: out.rolloutMs, candidateSteps: out.candidateSteps * per };
}
