// The executor: runs plans on a robot. One block at a time (the plan view's "step"), a whole plan, or
// closed-loop MPC that replans every `replanEvery` blocks from what the arm really did. Every frame's
// targets go through the safety gate, which re-checks them against the measured state; after every block
// the surprise monitor compares the observation with the model's one-block prediction and, past its
// threshold, the arm holds position and the execution stops, saying why.
import { ErrorCodes, PraxisError, type ResolvedGoalData, type StopReason, type SurpriseEvent } from '../api';
import type { IkSolver } from '../kinematics';
import { jointClipNames } from '../robot';
import type { ExecutedBlock, ExecutionArm, ExecutionEvent, ExecutionSummary, GuardrailEvent } from './executor-types';
import type { ResolvedGoal } from './goals';
import { type ObservationColumn, observationOfState } from './goals-observation';
import { type GoalProgress, goalProgress } from './goals-progress';
import { planRefusalError, planOnce } from './plan-once';
import { planContextFromObservations, planGoalFromObservation } from './planning-model';
import type { SurpriseMonitor } from './surprise';
import type { PlanContext, PlanGoal, PlannerSettings, PlanningModel, PlanResult } from './types';

export interface PlanExecutorOptions {
  model: PlanningModel;
  arm: ExecutionArm;
  /** The model's observation columns on this robot (observationColumns(card.obsNames, joint names)). */
  columns: readonly ObservationColumn[];
  settings: PlannerSettings;
  /** Stand-ins for objects the robot does not report (the model's training mean); see observationOfState. */
  unobserved?: ArrayLike<number>;
  /** Null: no surprise monitoring (a model without calibration). */
  monitor: SurpriseMonitor | null;
  ik: IkSolver | null;
  /** The search; planOnce unless a test passes another. */
  plan?: typeof planOnce;
  /** Milliseconds, for plan latency. */
  now?: () => number;
}

export class PlanExecutor {
  private goal: ResolvedGoal | null = null;
  private planGoal: PlanGoal | null = null;
  private current: PlanResult | null = null;
  /** Blocks of `current` already executed. */
  private cursor = 0;
  /** Observations at block boundaries (oldest first) and the blocks sent between them: the model's context. */
  private readonly frames: Float32Array[] = [];
  private readonly sentBlocks: Float32Array[] = [];
  private executed = 0;
  private cancelled = false;
  private stopReason: StopReason | null = null;
  private readonly latencies: number[] = [];
  private readonly guardrails: GuardrailEvent[] = [];
  private readonly surprises: SurpriseEvent[] = [];
  private readonly listeners = new Set<(e: ExecutionEvent) => void>();
  private readonly planFn: typeof planOnce;
  private readonly now: () => number;

  constructor(private readonly o: PlanExecutorOptions) {
    this.o = { ...o };
    this.planFn = o.plan ?? planOnce;
    this.now = o.now ?? (() => performance.now());
  }

  onEvent(listener: (e: ExecutionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get plan(): PlanResult | null {
    return this.current;
  }
  /** Blocks of the current plan already executed. */
  get planCursor(): number {
    return this.cursor;
  }
  get stopped(): StopReason | null {
    return this.stopReason;
  }

  /** Aim at a goal from where the arm is now: the context restarts from the present observation. */
  async begin(goal: ResolvedGoal): Promise<void> {
    const m = this.o.model;
    this.goal = goal;
    const extra: Partial<PlanGoal> = { joints: Float32Array.from(goal.joints) };
    if (goal.goal.kind === 'ee' && goal.tool) extra.endEffector = goal.tool;
    if (goal.cube) extra.cube = goal.cube;
    this.planGoal = await planGoalFromObservation(m, goal.observation, extra);
    this.frames.length = 0;
    this.sentBlocks.length = 0;
    this.frames.push(this.observe());
    this.current = null;
    this.cursor = 0;
    this.executed = 0;
    this.cancelled = false;
    this.stopReason = null;
    this.latencies.length = 0;
    this.guardrails.length = 0;
    this.surprises.length = 0;
  }

  /** Plan from the present context, warm-started from the previous plan when there is one. */
  async replan(): Promise<PlanResult> {
    const goal = this.requirePlanGoal();
    // A new plan is a fresh start: an earlier refusal or stop no longer stands.
    this.stopReason = null;
    this.refreshPresent();
    const context = await this.contextNow();
    const warm = this.current && this.current.status === 'planned' ? { actions: this.current.actions, executedBlocks: this.cursor } : undefined;
    const t0 = this.now();
    const plan = await this.planFn(this.o.model, context, goal, this.o.settings, warm);
    const latencyMs = this.now() - t0;
    this.latencies.push(latencyMs);
    this.current = plan;
    this.cursor = 0;
    for (const s of plan.steps) {
      for (const v of s.violations) this.guardrail({ block: this.executed, source: 'plan', kind: v.kind, constraint: v.constraint, step: v.step, amount: v.amount, refused: plan.status === 'refused' });
    }
    this.emit({ type: 'plan', plan, atBlock: this.executed, latencyMs, warm: warm !== undefined });
    if (plan.status === 'refused') this.stop({ code: 'refused', message: plan.refusal?.message ?? 'The plan was refused by the guardrails.', constraint: plan.refusal?.constraint, block: this.executed });
    return plan;
  }

  /** Execute the next block of the current plan. Throws PLAN_REFUSED for a refused plan. */
  async step(): Promise<ExecutedBlock | null> {
    const plan = this.current;
    if (!plan) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'There is no plan to execute.', 'Plan first.');
    if (plan.status === 'refused') throw planRefusalError(plan);
    if (this.cursor >= plan.horizon) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'Every step of this plan has been executed.', 'Plan again from where the arm is now.');
    this.stopReason = null;
    return this.executeBlock(plan, this.cursor);
  }

  /** Execute what is left of the current plan, stopping on a surprise or at the goal. */
  async executePlan(): Promise<ExecutionSummary> {
    this.cancelled = false;
    while (this.current && this.cursor < this.current.horizon && !this.stopReason) {
      const b = await this.step();
      if (!b || b.progress.reached) break;
    }
    return this.summary();
  }

  /**
   * Closed-loop MPC: plan, run `replanEvery` blocks, replan from what happened, until the goal is reached,
   * the budget of blocks is spent, or something stops it (surprise, refusal, e-stop, cancel).
   */
  async run(maxBlocks: number): Promise<ExecutionSummary> {
    this.requireGoal();
    this.stopReason = null;
    this.cancelled = false;
    const start = this.executed;
    const every = Math.max(1, Math.min(this.o.settings.replanEvery, this.o.settings.horizon));
    while (!this.stopReason) {
      if (this.progress().reached) {
        this.emit({ type: 'reached', progress: this.progress() });
        break;
      }
      if (this.executed - start >= maxBlocks) {
        this.stop({ code: 'budget', message: `The budget of ${maxBlocks} blocks ran out before the goal was reached.`, block: this.executed });
        break;
      }
      const plan = await this.replan();
      if (plan.status === 'refused') break;
      for (let i = 0; i < every && !this.stopReason && this.executed - start < maxBlocks; i++) {
        const b = await this.executeBlock(plan, this.cursor);
        if (!b) break;
      }
    }
    return this.summary();
  }

  /** Stop at the next frame: the arm holds where it is. */
  cancel(): void {
    this.cancelled = true;
  }

  progress(): GoalProgress {
    return goalProgress(this.requireGoal(), this.o.arm.state(), this.o.ik);
  }

  /** Progress toward the goal, or `fallback` when no goal is set. */
  progressOr<T>(fallback: T): GoalProgress | T {
    return this.goal ? this.progress() : fallback;
  }

  /** New search settings (planner, costs, guardrails) for the next plan; the goal and context stay. */
  configure(settings: PlannerSettings): void {
    this.o.settings = settings;
  }

  summary(): ExecutionSummary {
    const progress = this.progress();
    return {
      success: progress.reached,
      stop: this.stopReason,
      blocks: this.executed,
      plans: this.latencies.length,
      planLatencyMs: [...this.latencies],
      guardrailEvents: [...this.guardrails],
      surprises: [...this.surprises],
      progress,
    };
  }

  private async executeBlock(plan: PlanResult, planStep: number): Promise<ExecutedBlock | null> {
    const m = this.o.model;
    const joints = m.actDim;
    const sent = new Float32Array(m.blockDim);
    const target = new Float64Array(joints);
    let clippedFrames = 0;
    this.refreshPresent();
    const contextBefore = await this.contextNow();
    const startedAt = this.o.arm.now?.() ?? null;
    for (let f = 0; f < m.frameskip; f++) {
      if (this.cancelled) {
        this.o.arm.hold();
        this.stop({ code: 'cancelled', message: 'Execution was stopped by the user.', block: this.executed });
        return null;
      }
      for (let j = 0; j < joints; j++) target[j] = plan.actions[planStep * m.blockDim + f * joints + j];
      const v = await this.o.arm.command(target);
      if (v.outcome === 'refused' || !v.sent) {
        const estop = v.refusal?.code === ErrorCodes.ESTOP;
        this.guardrail({ block: this.executed, source: 'gate', kind: 'gate-refusal', constraint: v.refusal?.message ?? 'refused', step: f, amount: 0, refused: true });
        this.stop({ code: estop ? 'estop' : 'error', message: v.refusal?.message ?? 'The safety gate refused a command.', block: this.executed });
        return null;
      }
      for (let j = 0; j < joints; j++) sent[f * joints + j] = v.sent[j];
      if (v.outcome === 'clipped') {
        clippedFrames++;
        v.clipped.forEach((bits, j) => {
          if (bits) this.guardrail({ block: this.executed, source: 'gate', kind: 'gate-clip', constraint: `joint ${j} (${clipNames(bits)})`, step: f, amount: Math.abs(target[j] - (v.sent as Float64Array)[j]), refused: false });
        });
      }
    }
    const observed = this.observe();
    // The model's one-block prediction for what was really sent, from the context before the block.
    const predictedView = await m.rollout(contextBefore, sent, 1, 1);
    const predictedLatent = predictedView.latents.slice(0, m.latentDim);
    const predicted = predictedView.observations ? predictedView.observations.slice(0, m.obsDim) : null;
    this.frames.push(observed);
    this.sentBlocks.push(sent);
    const keep = this.historyLength();
    if (this.frames.length > keep) this.frames.splice(0, this.frames.length - keep);
    if (this.sentBlocks.length > keep) this.sentBlocks.splice(0, this.sentBlocks.length - keep);
    this.cursor = planStep + 1;
    const index = this.executed++;
    let surprise: SurpriseEvent | null = null;
    let surprised = false;
    if (this.o.monitor) {
      const observedLatent = await m.encode(observed);
      const judged = this.o.monitor.judge(index, predictedLatent, observedLatent);
      surprise = { block: judged.block, error: judged.error, threshold: judged.threshold, ratio: judged.ratio };
      surprised = judged.surprised;
      this.surprises.push(surprise);
    }
    const seconds = startedAt === null ? null : (this.o.arm.now?.() ?? startedAt) - startedAt;
    const block: ExecutedBlock = { block: index, planStep, predicted, observed, sent, clippedFrames, seconds, surprise, progress: this.progress() };
    this.emit({ type: 'block', block });
    if (surprised && surprise) {
      this.o.arm.hold();
      this.stop({
        code: 'surprise',
        message: `Surprise at block ${index}: what the arm observed is ${surprise.ratio.toFixed(1)}× farther from the model's prediction than the calibrated threshold. Holding position.`,
        block: index,
      });
    } else if (block.progress.reached) this.emit({ type: 'reached', progress: block.progress });
    return block;
  }

  private async contextNow(): Promise<PlanContext> {
    const m = this.o.model;
    const c = Math.min(this.frames.length, this.historyLength());
    const obs = new Float32Array(c * m.obsDim);
    this.frames.slice(-c).forEach((f, i) => {
      obs.set(f, i * m.obsDim);
    });
    const acts = new Float32Array((c - 1) * m.blockDim);
    this.sentBlocks.slice(this.sentBlocks.length - (c - 1)).forEach((b, i) => {
      acts.set(b, i * m.blockDim);
    });
    return planContextFromObservations(m, obs, acts);
  }

  /**
   * On a real-time robot the arm keeps moving while a plan is searched (toward the last target, or held by
   * the link's watchdog): the present observation, not the one at the last block's end, starts the next
   * block's prediction — else a slow replan reads as a surprise.
   */
  private refreshPresent(): void {
    const present = this.observe();
    const last = this.frames.at(-1);
    let moved = 0;
    if (last) for (let i = 0; i < present.length; i++) moved = Math.max(moved, Math.abs(present[i] - last[i]));
    // The blocks behind no longer lead to the present (time passed between them): the context restarts here.
    if (moved > 1e-4) {
      this.frames.length = 0;
      this.sentBlocks.length = 0;
    } else if (last) this.frames.pop();
    this.frames.push(present);
  }

  /** Context length: the model's history (the number of latents its predictor reads). */
  private historyLength(): number {
    return this.o.model.history;
  }

  private observe(): Float32Array {
    return observationOfState(this.o.columns, this.o.arm.state(), undefined, this.o.unobserved);
  }

  private requireGoal(): ResolvedGoalData {
    if (!this.goal) throw noGoal();
    return this.goal;
  }

  private requirePlanGoal(): PlanGoal {
    if (!this.planGoal) throw noGoal();
    return this.planGoal;
  }

  private guardrail(e: GuardrailEvent): void {
    this.guardrails.push(e);
    this.emit({ type: 'guardrail', event: e });
  }

  private stop(reason: StopReason): void {
    this.stopReason = reason;
    this.emit({ type: 'stopped', reason });
  }

  private emit(e: ExecutionEvent): void {
    for (const l of this.listeners) l(e);
  }
}

function noGoal(): PraxisError {
  return new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'No goal is set.', 'Set a goal first.');
}

function clipNames(bits: number): string {
  return jointClipNames(bits).join(', ');
}
