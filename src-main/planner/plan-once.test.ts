import { describe, expect, it } from 'vitest';
import { boxDepth } from './guardrails';
import { planOnce, planRefusalError, warmStartFrom } from './plan-once';
import { plannerSettings } from './presets';
import { toyContext, toyGoal, toyModel } from './testing/toy-model';
import type { PlanResult } from './types';

const finalPosition = (r: PlanResult) => r.latents.slice((r.horizon - 1) * 2);
const distance = (r: PlanResult, x: number, y: number) => {
  const [px, py] = finalPosition(r);
  return Math.hypot(px - x, py - y);
};

describe('planOnce on known dynamics', () => {
  it('CEM with LeWM settings brings the terminal state to the goal, one batched rollout per iteration', async () => {
    const model = toyModel();
    const r = await planOnce(model, toyContext(), toyGoal(0.6, -0.4), plannerSettings('lewm'));
    expect(r.status).toBe('planned');
    expect(distance(r, 0.6, -0.4)).toBeLessThan(0.01);
    expect(model.calls).toBe(30);
    expect(r.stats.candidateSteps).toBe(300 * 30 * 5);
    expect(r.actions.length).toBe(5 * model.blockDim);
    expect(r.steps).toHaveLength(5);
    expect(r.alternatives).toHaveLength(5);
    expect(r.steps[4].cost.terms.latentTerminal).toBeCloseTo(r.cost, 6);
  });

  it('MPPI minimises the same cost', async () => {
    const r = await planOnce(toyModel(), toyContext(), toyGoal(0.6, -0.4), plannerSettings('mppi', { iterations: 20 }));
    expect(distance(r, 0.6, -0.4)).toBeLessThan(0.02);
  });

  it('CEM beats random shooting with the same samples', async () => {
    const goal = toyGoal(0.83, 0.71);
    const cem = await planOnce(toyModel(), toyContext(), goal, plannerSettings('fast'));
    const random = await planOnce(toyModel(), toyContext(), goal, plannerSettings('random'));
    expect(cem.cost).toBeLessThan(random.cost / 10);
  });

  it('the amortised planner matches CEM at a fraction of the rollouts', async () => {
    const goal = toyGoal(-0.3, 0.5);
    const cem = await planOnce(toyModel(), toyContext(0.2, 0.1), goal, plannerSettings('lewm'));
    const fast = await planOnce(toyModel(), toyContext(0.2, 0.1), goal, plannerSettings('amortised'));
    expect(distance(fast, -0.3, 0.5)).toBeLessThan(0.01);
    expect(fast.cost).toBeLessThan(cem.cost + 1e-4);
    expect(fast.stats.candidateSteps).toBeLessThan(cem.stats.candidateSteps / 5);
  });

  it('a warm start shifted by the executed blocks replans in fewer iterations', async () => {
    const model = toyModel();
    const s = plannerSettings('fast');
    const first = await planOnce(model, toyContext(), toyGoal(0.5, 0.5), s);
    const [x, y] = first.latents.slice(0, 2);
    model.calls = 0;
    const again = await planOnce(model, toyContext(x, y), toyGoal(0.5, 0.5), s, { actions: first.actions, executedBlocks: 1 });
    expect(model.calls).toBe(s.warmIterations);
    expect(again.stats.warm).toBe(true);
    expect(distance(again, 0.5, 0.5)).toBeLessThan(0.02);
  });

  it('gives the same plan for the same seed', async () => {
    const a = await planOnce(toyModel(), toyContext(), toyGoal(0.3, 0.2), plannerSettings('fast'));
    const b = await planOnce(toyModel(), toyContext(), toyGoal(0.3, 0.2), plannerSettings('fast'));
    expect(Array.from(a.actions)).toEqual(Array.from(b.actions));
  });
});

describe('guardrails', () => {
  const wall = { name: 'wall', box: { min: [0.1, -0.2, -1], max: [0.5, 1, 1] } as const };

  it('steers a plan around a keep-out zone it would otherwise cross', async () => {
    const goal = toyGoal(0.6, 0);
    const free = await planOnce(toyModel(), toyContext(), goal, plannerSettings('lewm'));
    expect(free.steps.some((s) => s.endEffector && boxDepth(wall.box, ...s.endEffector) > 0)).toBe(true);
    const guarded = await planOnce(toyModel(), toyContext(), goal, plannerSettings('lewm', { guardrails: { jointLimitMargin: 0, maxVelocity: null, maxAcceleration: null, workspace: null, keepOut: [wall], mode: 'reject' } }));
    expect(guarded.status).toBe('planned');
    expect(guarded.steps.every((s) => s.safe && s.endEffector !== null && boxDepth(wall.box, ...s.endEffector) === 0)).toBe(true);
    expect(distance(guarded, 0.6, 0)).toBeLessThan(0.1);
  });

  it('refuses a plan that cannot be made safe and names the violated constraint', async () => {
    const everywhere = { name: 'table top', box: { min: [-2, -2, -1], max: [2, 2, 1] } as const };
    const r = await planOnce(toyModel(), toyContext(), toyGoal(0.6, 0), plannerSettings('fast', { guardrails: { jointLimitMargin: 0, maxVelocity: null, maxAcceleration: null, workspace: null, keepOut: [everywhere], mode: 'penalise' } }));
    expect(r.status).toBe('refused');
    expect(r.refusal?.constraint).toBe("keep-out zone 'table top'");
    expect(r.refusal?.kind).toBe('keep-out');
    expect(r.steps[0].safe).toBe(false);
    const e = planRefusalError(r);
    expect(e.code).toBe('PLAN_REFUSED');
    expect(e.message).toContain("keep-out zone 'table top'");
  });

  it('penalises steps faster than the velocity limit', async () => {
    const s = plannerSettings('lewm', { guardrails: { jointLimitMargin: 0, maxVelocity: 1, maxAcceleration: null, workspace: null, keepOut: [], mode: 'reject' } });
    const r = await planOnce(toyModel(), toyContext(), toyGoal(0.9, 0), s);
    // 1 rad/s over 0.2 s blocks: at most 0.2 per step, so the goal 0.9 away is out of reach in 5 steps … almost.
    expect(r.status).toBe('planned');
    let prev = 0;
    for (const step of r.steps) {
      const x = step.observation?.[0] ?? Number.NaN;
      expect(Math.abs(x - prev)).toBeLessThanOrEqual(0.2 + 1e-6);
      prev = x;
    }
  });
});

describe('subgoals', () => {
  it('tracks the first unreached waypoint and exposes every waypoint for drawing', async () => {
    const goal = { ...toyGoal(0.6, 0.6), waypoints: [toyGoal(0.6, 0)] };
    const r = await planOnce(toyModel(), toyContext(), goal, plannerSettings('fast'));
    expect(r.subgoals.map((s) => s.active)).toEqual([true, false]);
    expect(distance(r, 0.6, 0)).toBeLessThan(0.02);
    const near = await planOnce(toyModel(), toyContext(0.6, 0.005), goal, plannerSettings('fast'));
    expect(near.subgoals.map((s) => s.active)).toEqual([false, true]);
    expect(distance(near, 0.6, 0.6)).toBeLessThan(0.02);
  });

  it('keeps a reached waypoint reached when the arm moves on past it', async () => {
    const goal = { ...toyGoal(0.6, 0.6), waypoints: [toyGoal(0.6, 0)] };
    const at = await planOnce(toyModel(), toyContext(0.6, 0.005), goal, plannerSettings('fast'));
    expect(at.subgoals[1].active).toBe(true);
    const warm = warmStartFrom(at, 1);
    expect(warm.activeSubgoal).toBe(1);
    // Halfway to the goal, far from the waypoint: without the carried progress it would go back to it.
    const onward = await planOnce(toyModel(), toyContext(0.6, 0.3), goal, plannerSettings('fast'), warm);
    expect(onward.subgoals.map((s) => s.active)).toEqual([false, true]);
    const cold = await planOnce(toyModel(), toyContext(0.6, 0.3), goal, plannerSettings('fast'));
    expect(cold.subgoals.map((s) => s.active)).toEqual([true, false]);
  });

  it('proposes subgoals over a longer horizon with a coarse search', async () => {
    const s = plannerSettings('fast', { horizon: 2, subgoals: { count: 3, blocksPerStep: 2, reachedWithin: 0.02 } });
    const r = await planOnce(toyModel(), toyContext(), toyGoal(0.8, -0.8), s);
    expect(r.subgoals).toHaveLength(3);
    expect(r.subgoals[0].active).toBe(true);
    expect(r.subgoals[2].endEffector).toEqual([0.8, -0.8, 0]);
    // The first subgoal lies on the way: closer to the goal than the start is.
    const [x, y] = r.subgoals[0].endEffector ?? [Number.NaN, Number.NaN];
    expect(Math.hypot(x - 0.8, y + 0.8)).toBeLessThan(Math.hypot(0.8, 0.8));
  });
});
