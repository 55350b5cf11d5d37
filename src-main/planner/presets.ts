// Planner presets. `lewm` is LeWM's published CEM (300 samples, 30 elites, 30 iterations, horizon 5 blocks,
// receding horizon 5); the others trade search for speed on a 2-core CPU, measured in bench/plan.bench.ts.
import type { CostWeights, GuardrailSettings, PlannerSettings } from './types';

export const DEFAULT_COSTS: CostWeights = {
  latentTerminal: 1,
  latentRunning: 0,
  endEffector: 0,
  cube: 0,
  joints: 0,
  guardrail: 10,
};

export const DEFAULT_GUARDRAILS: GuardrailSettings = {
  jointLimitMargin: 0,
  maxVelocity: null,
  maxAcceleration: null,
  workspace: null,
  keepOut: [],
  mode: 'penalise',
};

const lewm: PlannerSettings = {
  planner: 'cem',
  horizon: 5,
  samples: 300,
  iterations: 30,
  warmIterations: 30,
  elites: 30,
  temperature: 0.1,
  refineSteps: 3,
  initStd: 0.3,
  minStd: 0.01,
  smoothness: 0,
  replanEvery: 5,
  topK: 5,
  seed: 42,
  costs: DEFAULT_COSTS,
  guardrails: DEFAULT_GUARDRAILS,
};

export const PLANNER_PRESETS = {
  /** LeWM's CEM as published. */
  lewm,
  /**
   * CEM with a third of LeWM's iterations, replanning every block. The warm replan keeps all 10: with 3 or 5
   * it stalled 4 cm short on reach trials that 10 finish (bench/plan.bench.ts --from 3 --trials 2).
   */
  fast: { ...lewm, iterations: 10, warmIterations: 10, replanEvery: 1 },
  /** MPPI with the same budget as fast. */
  mppi: { ...lewm, planner: 'mppi', iterations: 10, warmIterations: 10, replanEvery: 1 },
  /** Gradient refinement of a short CEM warm start: the fast path. */
  amortised: { ...lewm, planner: 'amortised', iterations: 4, warmIterations: 2, replanEvery: 1 },
  /** Random shooting (one iteration of CEM): the baseline every planner is measured against. */
  random: { ...lewm, planner: 'random', samples: 300, iterations: 1, warmIterations: 1, replanEvery: 1 },
} as const satisfies Record<string, PlannerSettings>;

export type PlannerPresetName = keyof typeof PLANNER_PRESETS;

export function plannerPresetNames(): PlannerPresetName[] {
  return Object.keys(PLANNER_PRESETS) as PlannerPresetName[];
}

/** A preset with overrides (costs and guardrails merged one level deep). */
export function plannerSettings(preset: PlannerPresetName = 'fast', o: Partial<PlannerSettings> = {}): PlannerSettings {
  const base: PlannerSettings = PLANNER_PRESETS[preset];
  return { ...base, ...o, costs: { ...base.costs, ...o.costs }, guardrails: { ...base.guardrails, ...o.guardrails } };
}
