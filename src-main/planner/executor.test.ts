import { beforeEach, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../api';
import { SafetyGate } from '../robot';
import type { CommandVerdict } from './executor-types';
import { PlanExecutor } from './executor';
import { goalResolve } from './goals';
import { JOINT_TOLERANCE_RAD } from './goals-progress';
import { observationColumns } from './goals-observation';
import { SurpriseMonitor } from './surprise';
import { LINE_JOINTS, LINE_OBS_NAMES, LineArm, lineModel, linePlanner, lineSettings } from './testing/line-world';

const columns = observationColumns(LINE_OBS_NAMES, ['a', 'b']);
const limits = { lower: Float64Array.of(-1, -1), upper: Float64Array.of(1, 1), maxVelocity: Float64Array.of(6, 6) };

/** The robot's one safety gate, on a clock that advances one frame (1/30 s) per command. */
function gateCreate(): (targets: Float64Array, present: Float64Array) => CommandVerdict {
  let t = 0;
  const g = new SafetyGate({ limits, jointNames: ['a', 'b'], clock: () => t });
  return (targets, present) => {
    t += 1 / 30;
    return g.pass(targets, 'planner', present);
  };
}
const gate = (targets: Float64Array, present: Float64Array) => sharedGate(targets, present);
let sharedGate = gateCreate();
beforeEach(() => {
  sharedGate = gateCreate();
});

const calibration = { format: 'praxis-surprise/1' as const, quantile: 0.999, threshold: 0.05, median: 0.01, p99: 0.04, windows: 500, source: 'test' };

async function setUp(o: { overshoot?: number; refuse?: boolean; goal?: number[]; arm?: LineArm; replanEvery?: number } = {}) {
  const arm = o.arm ?? new LineArm(gate);
  const model = lineModel();
  const monitor = new SurpriseMonitor(calibration);
  const executor = new PlanExecutor({ model, arm, columns, settings: lineSettings({ replanEvery: o.replanEvery ?? 1 }), monitor, ik: null, plan: linePlanner(o) as never });
  const goal = await goalResolve({ kind: 'joints', joints: o.goal ?? [0.6, -0.4] }, arm.state(), { joints: LINE_JOINTS, columns, ik: null });
  await executor.begin(goal);
  return { arm, executor, monitor };
}

describe('PlanExecutor', () => {
  it('reaches a joint goal closed-loop, replanning every block', async () => {
    const { arm, executor } = await setUp();
    const summary = await executor.run(20);
    expect(summary.success).toBe(true);
    expect(summary.stop).toBeNull();
    expect(summary.plans).toBe(summary.blocks);
    expect(Math.abs(arm.position[0] - 0.6)).toBeLessThanOrEqual(JOINT_TOLERANCE_RAD);
    expect(Math.abs(arm.position[1] + 0.4)).toBeLessThanOrEqual(JOINT_TOLERANCE_RAD);
    expect(summary.surprises.every((s) => s.ratio < 1)).toBe(true);
  });

  it("sends every command through the gate, which clamps the planner's targets to the joint limits", async () => {
    const commanded: number[][] = [];
    const arm = new LineArm((t, p) => {
      commanded.push(Array.from(t));
      return gate(t, p);
    });
    const { executor } = await setUp({ goal: [0.9, 0], overshoot: 0.5, arm, replanEvery: 3 });
    const summary = await executor.run(3);
    expect(commanded.some((t) => t[0] > 1)).toBe(true); // the plan asked past the limit …
    expect(arm.position[0]).toBeLessThanOrEqual(1); // … and the arm never went there
    const clips = summary.guardrailEvents.filter((e) => e.source === 'gate' && e.kind === 'gate-clip');
    expect(clips.some((e) => /joint 0 \(joint limit/.test(e.constraint))).toBe(true);
  });

  it('holds position and stops, saying why, when a disturbance surprises the model', async () => {
    const arm = new LineArm(gate);
    // A hand pushes joint b during the third block (commands 4 and 5 at two frames a block).
    arm.onCommand = (n) => {
      if (n === 5) arm.position[1] += 0.3;
    };
    const { executor } = await setUp({ arm, goal: [0.6, 0.6] });
    const events: string[] = [];
    executor.onEvent((e) => events.push(e.type));
    const summary = await executor.run(20);
    expect(summary.success).toBe(false);
    expect(summary.stop?.code).toBe('surprise');
    expect(summary.stop?.block).toBe(2);
    expect(summary.stop?.message).toMatch(/Holding position/);
    expect(arm.holds).toBe(1);
    expect(summary.blocks).toBe(3); // nothing after the surprised block
    expect(summary.surprises[2].ratio).toBeGreaterThan(1);
    expect(summary.surprises[1].ratio).toBeLessThan(1);
    expect(events.at(-1)).toBe('stopped');
  });

  it('does not execute a refused plan, and names the violated constraint', async () => {
    const { arm, executor } = await setUp({ refuse: true });
    const summary = await executor.run(10);
    expect(arm.commands).toBe(0);
    expect(summary.stop?.code).toBe('refused');
    expect(summary.stop?.constraint).toBe("keep-out zone 'table top'");
    expect(summary.guardrailEvents[0]).toMatchObject({ source: 'plan', kind: 'keep-out', refused: true });
    await expect(executor.step()).rejects.toMatchObject({ code: ErrorCodes.PLAN_REFUSED });
  });

  it('a refusal does not outlive it: after a safe replan, closed-loop runs', async () => {
    let refuse = true;
    const refusing = linePlanner({ refuse: true });
    const safe = linePlanner();
    const arm = new LineArm(gate);
    const executor = new PlanExecutor({ model: lineModel(), arm, columns, settings: lineSettings(), monitor: null, ik: null, plan: ((...a: Parameters<typeof safe>) => (refuse ? refusing(...a) : safe(...a))) as never });
    await executor.begin(await goalResolve({ kind: 'joints', joints: [0.5, 0.5] }, arm.state(), { joints: LINE_JOINTS, columns, ik: null }));
    expect((await executor.replan()).status).toBe('refused');
    refuse = false;
    expect((await executor.replan()).status).toBe('planned');
    const summary = await executor.run(20);
    expect(summary.success).toBe(true);
    expect(arm.commands).toBeGreaterThan(0);
  });

  it('steps a plan one block at a time, and a stopped gate (e-stop) ends the execution', async () => {
    let estopped = false;
    const arm = new LineArm((t, p) => (estopped ? { outcome: 'refused', sent: null, clipped: new Uint8Array(2), refusal: { code: ErrorCodes.ESTOP, message: 'Emergency stop is engaged.' } } : gate(t, p)));
    const { executor } = await setUp({ arm });
    await executor.replan();
    const first = await executor.step();
    expect(first?.planStep).toBe(0);
    expect(executor.planCursor).toBe(1);
    const second = await executor.step();
    expect(second?.planStep).toBe(1);
    expect(Array.from(second?.predicted ?? [])).toEqual(Array.from(second?.observed ?? []));
    estopped = true;
    expect(await executor.step()).toBeNull();
    expect(executor.stopped?.code).toBe('estop');
  });
});
