// One plan: search action blocks that bring the model's predicted future to the goal, under the guardrails,
// and package the answer for the executor (the blocks), the plan view (ghosts, alternatives, per-step costs
// and guardrail status, subgoals) and the bench (timings).
import { ErrorCodes, PraxisError } from '../api';
import { CandidateScorer } from './costs';
import { gradientRefine, sampleSearch, type SearchOutcome, type SearchProblem } from './search';
import { endEffectorOf } from './planning-model';
import { planSubgoals } from './subgoals';
import type { PlanAlternative, PlanContext, PlanGoal, PlannerSettings, PlanningModel, PlanRefusal, PlanResult, PlanStep, RolloutView, Subgoal, UserCostTerm, WarmStart } from './types';

export interface PlanOptions {
  /** The user's cost terms (task scripts). */
  userCosts?: readonly UserCostTerm[];
}

function invalid(message: string): PraxisError {
  return new PraxisError(ErrorCodes.INVALID_ARGUMENT, message, 'Check the planner settings (see the presets in src-main/planner/presets.ts).');
}

function checkSettings(s: PlannerSettings): void {
  const whole = (v: number, min: number) => Number.isInteger(v) && v >= min;
  if (!whole(s.horizon, 1)) throw invalid(`horizon must be a whole number of blocks ≥ 1, got ${s.horizon}`);
  if (!whole(s.samples, 2)) throw invalid(`samples must be a whole number ≥ 2, got ${s.samples}`);
  if (!whole(s.iterations, 1) || !whole(s.warmIterations, 1)) throw invalid(`iterations must be whole numbers ≥ 1, got ${s.iterations} and ${s.warmIterations}`);
  if (!whole(s.elites, 1) || s.elites > s.samples) throw invalid(`elites must be between 1 and samples (${s.samples}), got ${s.elites}`);
  if (!(s.initStd > 0 && s.minStd >= 0)) throw invalid('initStd must be positive and minStd not negative');
  if (!(s.temperature > 0)) throw invalid(`temperature must be positive, got ${s.temperature}`);
}

/** The joint targets before the plan: the last command in the context, else the joints now. */
function startTargets(model: PlanningModel, context: PlanContext): Float32Array {
  const A = model.actDim;
  const c = context.actions.length / model.blockDim;
  if (c >= 1) return context.actions.slice(context.actions.length - A);
  return Float32Array.from({ length: A }, (_, a) => (a < model.jointDims.length ? context.observation[model.jointDims[a]] : 0));
}

/** A warm start's targets shifted left by the executed blocks, the last one repeated. */
function shiftedTargets(model: PlanningModel, warm: WarmStart, horizon: number): Float32Array {
  const A = model.actDim;
  const fs = model.frameskip;
  const prevH = warm.actions.length / model.blockDim;
  const out = new Float32Array(horizon * A);
  for (let s = 0; s < horizon; s++) {
    const from = Math.min(prevH - 1, s + Math.max(0, warm.executedBlocks));
    out.set(warm.actions.subarray((from * fs + fs - 1) * A, (from * fs + fs) * A), s * A);
  }
  return out;
}

/** The search problem (bounds, start, scorer) for one goal over `horizon` blocks. */
export function searchProblem(model: PlanningModel, context: PlanContext, goal: PlanGoal, settings: PlannerSettings, horizon: number, o: PlanOptions = {}): SearchProblem {
  const A = model.actDim;
  const chain = model.robot.chain;
  const lower = new Float32Array(A).fill(-Math.PI);
  const upper = new Float32Array(A).fill(Math.PI);
  if (chain) {
    for (let a = 0; a < A && a < chain.jointCount; a++) {
      if (Number.isFinite(chain.lower[a])) lower[a] = chain.lower[a];
      if (Number.isFinite(chain.upper[a])) upper[a] = chain.upper[a];
    }
  }
  const capacity = Math.max(settings.samples, 2 * horizon * A + 1, 8);
  return {
    model,
    context,
    settings,
    scorer: new CandidateScorer(model, goal, settings, capacity, horizon, o.userCosts),
    horizon,
    start: startTargets(model, context),
    current: Float32Array.from(model.jointDims, (d) => context.observation[d]),
    lower,
    upper,
  };
}

/** Run the search named by settings.planner from `mean` (a cold start when no warm start is given). */
export async function searchRun(p: SearchProblem, mean: Float32Array, warm: boolean): Promise<SearchOutcome> {
  const s = p.settings;
  const iterations = warm ? s.warmIterations : s.iterations;
  const std = new Float32Array(mean.length).fill(warm ? Math.max(s.minStd, s.initStd / 2) : s.initStd);
  if (s.planner !== 'amortised') return sampleSearch(p, { mean, std }, iterations);
  // The fast path: a short CEM finds the basin when cold; a warm start is already in it.
  let rolloutMs = 0;
  let candidateSteps = 0;
  let its = 0;
  if (!warm) {
    const cem = await sampleSearch(p, { mean, std }, iterations);
    mean.set(cem.targets.subarray(cem.best * mean.length, (cem.best + 1) * mean.length));
    rolloutMs += cem.rolloutMs;
    candidateSteps += cem.candidateSteps;
    its += cem.iterations;
  }
  const refined = await gradientRefine(p, mean, s.refineSteps);
  return { ...refined, iterations: its + refined.iterations, rolloutMs: rolloutMs + refined.rolloutMs, candidateSteps: candidateSteps + refined.candidateSteps };
}

/** Candidate n's end-effector at step s: from the search's FK when it ran, else computed now (for drawing). */
function endEffectorAt(p: SearchProblem, view: RolloutView, n: number, s: number): [number, number, number] | null {
  const sc = p.scorer;
  const r = n * p.horizon + s;
  if (sc.hasEndEffector) return [sc.endEffector[3 * r], sc.endEffector[3 * r + 1], sc.endEffector[3 * r + 2]];
  return view.observations ? endEffectorOf(p.model, view.observations, r * p.model.obsDim) : null;
}

function endEffectorRows(p: SearchProblem, view: RolloutView, n: number): Float32Array | null {
  if (!view.observations || !p.model.robot.chain) return null;
  const out = new Float32Array(p.horizon * 3);
  for (let s = 0; s < p.horizon; s++) out.set(endEffectorAt(p, view, n, s) ?? [0, 0, 0], 3 * s);
  return out;
}

/**
 * Plan once from `context` toward `goal`: the search named by settings.planner (CEM, MPPI, amortised or
 * random shooting), every candidate of an iteration rolled out in one batched model call, warm-started from
 * the previous solution when given (then settings.warmIterations iterations). Returns the best action blocks
 * with their predicted ghosts, per-step costs and guardrail status, the top-k alternatives and the subgoals;
 * a plan that cannot be made safe comes back with status 'refused' and the violated constraint named (the
 * executor must not run it; planRefusalError turns it into a PLAN_REFUSED error).
 */
export async function planOnce(model: PlanningModel, context: PlanContext, goal: PlanGoal, settings: PlannerSettings, warmStart?: WarmStart, o: PlanOptions = {}): Promise<PlanResult> {
  checkSettings(settings);
  if (goal.latent.length !== model.latentDim) throw invalid(`the goal latent has ${goal.latent.length} values; the model's latents have ${model.latentDim}`);
  const t0 = performance.now();
  const H = settings.horizon;
  let subgoals: Subgoal[] = [];
  let target = goal;
  let extraMs = 0;
  let extraSteps = 0;
  if (settings.subgoals || goal.waypoints?.length) {
    const h = await planSubgoals(model, context, goal, settings, o, warmStart?.activeSubgoal ?? 0);
    subgoals = h.subgoals;
    target = h.target;
    extraMs = h.rolloutMs;
    extraSteps = h.candidateSteps;
  }
  const p = searchProblem(model, context, target, settings, H, o);
  const warm = warmStart !== undefined && warmStart.actions.length >= model.blockDim;
  const mean = warm ? shiftedTargets(model, warmStart, H) : new Float32Array(H * model.actDim).map((_, i) => p.start[i % model.actDim]);
  const out = await searchRun(p, mean, warm);
  return planResult(p, out, settings, subgoals, { t0, extraMs, extraSteps, warm });
}

function planResult(p: SearchProblem, out: SearchOutcome, settings: PlannerSettings, subgoals: Subgoal[], t: { t0: number; extraMs: number; extraSteps: number; warm: boolean }): PlanResult {
  const { model, horizon: H, scorer } = p;
  const { view, best } = out;
  const Z = model.latentDim;
  const D = model.obsDim;
  const B = model.blockDim;
  const obs = view.observations;
  const rowsOf = (a: Float32Array, n: number, w: number) => a.slice(n * H * w, (n + 1) * H * w);
  const violations = obs ? scorer.violations(best, p.current) : [];
  const steps: PlanStep[] = [];
  for (let s = 0; s < H; s++) {
    const terms = scorer.stepTerms(best, s);
    const v = violations.filter((x) => x.step === s);
    steps.push({
      observation: obs ? obs.slice((best * H + s) * D, (best * H + s + 1) * D) : null,
      endEffector: endEffectorAt(p, view, best, s),
      cost: { total: Object.values(terms).reduce((a, b) => a + b, 0), terms },
      safe: v.length === 0,
      violations: v,
    });
  }
  const alternatives: PlanAlternative[] = [];
  for (let k = 1; k < view.count && alternatives.length < settings.topK; k++) {
    const n = out.order[k];
    alternatives.push({
      cost: scorer.total[n],
      actions: rowsOf(view.actions, n, B),
      observations: obs ? rowsOf(obs, n, D) : null,
      endEffector: endEffectorRows(p, view, n),
    });
  }
  let refusal: PlanRefusal | null = null;
  if (violations.length > 0) {
    const v = violations[0];
    refusal = { constraint: v.constraint, kind: v.kind, step: v.step, message: `the best plan found breaks the ${v.constraint} at step ${v.step + 1} (by ${v.amount.toFixed(3)})` };
  }
  return {
    status: refusal ? 'refused' : 'planned',
    horizon: H,
    blockDim: B,
    actions: rowsOf(view.actions, best, B),
    latents: rowsOf(view.latents, best, Z),
    steps,
    cost: scorer.total[best],
    alternatives,
    subgoals,
    refusal,
    stats: {
      planner: settings.planner,
      iterations: out.iterations,
      candidateSteps: out.candidateSteps + t.extraSteps,
      warm: t.warm,
      totalMs: performance.now() - t.t0,
      rolloutMs: out.rolloutMs + t.extraMs,
    },
  };
}

/** The warm start for the next plan after executing `executedBlocks` blocks of `plan` (keeps subgoal progress). */
export function warmStartFrom(plan: PlanResult, executedBlocks: number): WarmStart {
  const active = plan.subgoals.findIndex((s) => s.active);
  return { actions: plan.actions, executedBlocks, ...(active >= 0 ? { activeSubgoal: active } : {}) };
}

/** The coded error for a refused plan, for callers that must stop (the executor, praxis plan). */
export function planRefusalError(result: PlanResult): PraxisError {
  const r = result.refusal;
  return new PraxisError(
    ErrorCodes.PLAN_REFUSED,
    r ? `The plan was refused: ${r.message}` : 'The plan was refused.',
    'Move the goal away from the constraint, relax the guardrail, or plan from a different pose.',
    r ? { constraint: r.constraint, kind: r.kind, step: r.step } : undefined,
  );
}
