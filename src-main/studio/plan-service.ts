// Planning in the studio: the connected robot, the world model (the shipped sim-arm unless told otherwise),
// a goal, a plan drawn in the Plan panel and the 3D view, and its execution — one block, the whole plan,
// or closed-loop MPC — through the robot's safety gate, watched by the surprise monitor. While a plan
// runs, the teleop loop stops commanding (control.yieldTo), so the planner is the only source moving the arm.
import { join } from 'node:path';
import {
  ErrorCodes,
  type GoalSpec,
  type KeepOutBox,
  type PlanStatus,
  PraxisError,
  type ExecutedBlockView,
  type PlanView,
  toErrorData,
} from '../api';
import { IkSolver } from '../kinematics';
import { WorldModel } from '../model';
import {
  type ExecutedBlock,
  type ExecutionArm,
  goalCosts,
  goalResolve,
  type ObservationColumn,
  observationColumns,
  PlanExecutor,
  type PlannerPresetName,
  plannerPresetNames,
  plannerSettings,
  type PlanningModel,
  type PlanResult,
  planningModelFromWorldModel,
  recordedFrameOf,
  type ResolvedGoal,
  SurpriseMonitor,
  surpriseCalibrationRead,
  TABLE_TOP,
} from '../planner';
import type { ControlService } from './control-service';
import { LatestValueCursor } from './cursors';
import type { DatasetService } from './dataset-service';
import { studioExecutionArm } from './plan-arm';
import type { RobotService } from './robot-service';

interface Loaded {
  dir: string;
  world: WorldModel;
  model: PlanningModel;
  columns: ObservationColumn[];
  ik: IkSolver | null;
  monitor: SurpriseMonitor | null;
  arm: ExecutionArm;
  executor: PlanExecutor;
  dispose(): void;
}

export class PlanService {
  private loaded: Loaded | null = null;
  private loading: Promise<Loaded> | null = null;
  private goal: ResolvedGoal | null = null;
  private view: PlanView | null = null;
  private executed: ExecutedBlockView[] = [];
  private phase: PlanStatus['phase'] = 'idle';
  private preset: PlannerPresetName = 'fast';
  private keepOut: KeepOutBox[] = [];
  private error: PlanStatus['error'] = null;
  private running: Promise<unknown> | null = null;
  private readonly cursors = new Set<LatestValueCursor<PlanStatus>>();

  constructor(
    private readonly robot: RobotService,
    private readonly control: ControlService,
    private readonly datasets: DatasetService,
    /** The model folder to plan with (the shipped models/sim-arm), null when none ships. */
    private readonly modelDir: string | null,
  ) {
    robot.onSourceChange(() => this.unload());
  }

  status(): PlanStatus {
    const l = this.loaded;
    const progress = this.goal && l ? l.executor.progressOr(null) : null;
    return {
      phase: this.phase,
      model: l ? l.dir.split(/[\\/]/).pop() ?? l.dir : null,
      planner: this.preset,
      goal: this.goal ? { goal: this.goal.goal, joints: this.goal.joints, tool: this.goal.tool, cube: this.goal.cube, ik: this.goal.ik } : null,
      plan: this.view,
      executed: this.executed,
      stop: l?.executor.stopped ?? null,
      surpriseThreshold: l?.monitor?.threshold ?? null,
      progress: progress ? { jointError: progress.jointError, toolError: progress.toolError, cubeError: progress.cubeError, reached: progress.reached } : null,
      keepOut: this.keepOut,
      error: this.error,
    };
  }

  openStream(): LatestValueCursor<PlanStatus> {
    const c: LatestValueCursor<PlanStatus> = new LatestValueCursor(this.status(), () => this.cursors.delete(c));
    this.cursors.add(c);
    return c;
  }

  async setGoal(goal: GoalSpec): Promise<PlanStatus> {
    this.refuseWhileRunning();
    const l = await this.load();
    const d = this.robot.describe();
    const now = l.arm.state();
    this.goal = await goalResolve(goal, now, {
      joints: d.joints,
      columns: l.columns,
      ik: l.ik,
      unobserved: l.world.card.normaliser.obsMean,
      episodeFrame: async (dataset, episode, frame) => recordedFrameOf(await this.datasets.episode(dataset, episode), frame, `${dataset} episode ${episode}`),
    });
    await l.executor.begin(this.goal);
    this.view = null;
    this.executed = [];
    this.error = null;
    this.phase = 'idle';
    this.publish();
    return this.status();
  }

  async plan(o: { planner?: string; keepOut?: KeepOutBox[] }): Promise<PlanStatus> {
    this.refuseWhileRunning();
    if (o.planner !== undefined) {
      if (!(plannerPresetNames() as string[]).includes(o.planner)) {
        throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `No planner called "${o.planner}".`, `Pick one of ${plannerPresetNames().join(', ')}.`);
      }
      this.preset = o.planner as PlannerPresetName;
    }
    if (o.keepOut) this.keepOut = o.keepOut;
    const l = this.requireGoal();
    this.configure(l);
    this.phase = 'planning';
    this.publish();
    try {
      const plan = await l.executor.replan();
      this.phase = plan.status === 'refused' ? 'refused' : 'idle';
    } catch (e) {
      this.fail(e);
      throw e;
    } finally {
      this.publish();
    }
    return this.status();
  }

  async step(): Promise<PlanStatus> {
    this.refuseWhileRunning();
    const l = this.requireGoal();
    this.control.yieldTo('planner');
    this.phase = 'executing';
    this.publish();
    try {
      await l.executor.step();
      this.phase = l.executor.stopped ? 'stopped' : l.executor.progressOr(null)?.reached ? 'reached' : 'idle';
    } catch (e) {
      this.fail(e);
      throw e;
    } finally {
      this.handBack();
      this.publish();
    }
    return this.status();
  }

  execute(o: { mode: 'plan' | 'mpc'; replanEvery?: number; budgetS?: number }): PlanStatus {
    this.refuseWhileRunning();
    const l = this.requireGoal();
    if (o.mode === 'plan' && !this.view) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'There is no plan to execute.', 'Plan first, or execute closed-loop.');
    this.configure(l, o.replanEvery);
    this.control.yieldTo('planner');
    this.phase = 'executing';
    const card = l.world.card;
    const maxBlocks = Math.ceil(((o.budgetS ?? 30) * card.fps) / card.dims.frameskip);
    this.running = (o.mode === 'plan' ? l.executor.executePlan() : l.executor.run(maxBlocks))
      .then((s) => {
        this.phase = s.success ? 'reached' : s.stop?.code === 'refused' ? 'refused' : s.stop ? 'stopped' : 'idle';
      })
      .catch((e) => this.fail(e))
      .finally(() => {
        this.running = null;
        this.handBack();
        this.publish();
      });
    this.publish();
    return this.status();
  }

  stop(): PlanStatus {
    this.loaded?.executor.cancel();
    return this.status();
  }

  async shutdown(): Promise<void> {
    this.loaded?.executor.cancel();
    await this.running;
    this.unload();
  }

  // ------------------------------------------------------------------------------------------------

  private configure(l: Loaded, replanEvery?: number): void {
    const goal = this.goal as ResolvedGoal;
    const base = plannerSettings(this.preset);
    const keepOut = [{ name: 'table top', box: TABLE_TOP }, ...this.keepOut.map((b) => ({ name: b.name, box: { min: b.min, max: b.max } }))];
    l.executor.configure({
      ...base,
      replanEvery: replanEvery ?? base.replanEvery,
      costs: goalCosts(goal, base.costs),
      guardrails: { ...base.guardrails, keepOut },
    });
  }

  private async load(): Promise<Loaded> {
    if (this.loaded) return this.loaded;
    if (!this.loading) this.loading = this.open().finally(() => (this.loading = null));
    this.loaded = await this.loading;
    return this.loaded;
  }

  private async open(): Promise<Loaded> {
    const dir = this.modelDir;
    if (!dir) throw new PraxisError(ErrorCodes.MODEL_INCOMPATIBLE, 'No world model to plan with.', 'Train one in the Train panel, or install the shipped models.');
    const source = this.robot.currentSource;
    if (!source) throw new PraxisError(ErrorCodes.NOT_CONNECTED, 'No robot is connected.', 'Connect the simulator or a follower arm first.');
    const world = await WorldModel.load(dir);
    try {
      const d = source.describe();
      const model = planningModelFromWorldModel(world);
      const columns = observationColumns(world.card.obsNames, d.joints.map((j) => j.name));
      const ik = model.robot.chain ? new IkSolver(model.robot.chain) : null;
      const calibration = await surpriseCalibrationRead(dir);
      const monitor = calibration ? new SurpriseMonitor(calibration) : null;
      const arm = studioExecutionArm(this.robot, source, 1 / world.card.fps);
      const executor = new PlanExecutor({ model, arm, columns, settings: plannerSettings(this.preset), monitor, ik, unobserved: world.card.normaliser.obsMean });
      const off = executor.onEvent((e) => {
        if (e.type === 'plan') this.view = planView(e.plan, model, arm.state().position, this.preset, e.latencyMs, e.atBlock);
        if (e.type === 'block') {
          this.executed.push(blockView(e.block, model));
          if (this.view) this.view = { ...this.view, cursor: e.block.planStep + 1 };
        }
        this.publish();
      });
      return {
        dir,
        world,
        model,
        columns,
        ik,
        monitor,
        arm,
        executor,
        dispose: () => {
          off();
          arm.dispose?.();
          void world.dispose();
        },
      };
    } catch (e) {
      await world.dispose();
      throw e;
    }
  }

  private unload(): void {
    const l = this.loaded;
    this.loaded = null;
    this.goal = null;
    this.view = null;
    this.executed = [];
    this.phase = 'idle';
    l?.executor.cancel();
    l?.dispose();
    this.publish();
  }

  /** Teleop takes the arm back, from where the plan left it. */
  private handBack(): void {
    this.control.yieldTo(null);
    const p = this.robot.latestPosition;
    if (p) this.control.resync(p);
  }

  private requireGoal(): Loaded {
    if (!this.loaded || !this.goal) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'No goal is set.', 'Drag a goal in the 3D view or type joint targets, then plan.');
    return this.loaded;
  }

  private refuseWhileRunning(): void {
    if (this.running) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'A plan is executing.', 'Stop it first.');
  }

  private fail(e: unknown): void {
    const d = toErrorData(e);
    this.error = { code: d.code, message: d.message, hint: d.hint };
    this.phase = 'failed';
  }

  private publish(): void {
    if (this.cursors.size === 0) return;
    const s = this.status();
    for (const c of this.cursors) c.offer(s);
  }
}

function ee(model: PlanningModel, obs: Float32Array | null): [number, number, number] | null {
  return obs ? endEffectorOfJoints(model, obs) : null;
}

function endEffectorOfJoints(model: PlanningModel, obs: Float32Array): [number, number, number] | null {
  if (!model.robot.chain) return null;
  const ik = new IkSolver(model.robot.chain);
  const q = Float64Array.from(model.jointDims, (d) => obs[d]);
  const p = ik.forward(q).position;
  return [p[0], p[1], p[2]];
}

function jointsOf(model: PlanningModel, obs: Float32Array | null): number[] | null {
  return obs ? Array.from(model.jointDims, (d) => obs[d]) : null;
}

function planView(plan: PlanResult, model: PlanningModel, start: ArrayLike<number>, planner: string, latencyMs: number, atBlock: number): PlanView {
  return {
    status: plan.status,
    refusal: plan.refusal ? { constraint: plan.refusal.constraint, kind: plan.refusal.kind, step: plan.refusal.step, message: plan.refusal.message } : null,
    startJoints: Array.from(start),
    steps: plan.steps.map((s) => ({
      joints: jointsOf(model, s.observation),
      endEffector: s.endEffector,
      cost: s.cost.total,
      terms: s.cost.terms,
      safe: s.safe,
      violations: s.violations.map((v) => ({ kind: v.kind, constraint: v.constraint, step: v.step, amount: v.amount })),
    })),
    alternatives: plan.alternatives.map((a) => ({
      cost: a.cost,
      endEffector: a.endEffector ? Array.from({ length: a.endEffector.length / 3 }, (_, i) => [a.endEffector?.[i * 3] ?? 0, a.endEffector?.[i * 3 + 1] ?? 0, a.endEffector?.[i * 3 + 2] ?? 0] as [number, number, number]) : [],
    })),
    planner,
    latencyMs,
    atBlock,
    cursor: 0,
  };
}

function blockView(b: ExecutedBlock, model: PlanningModel): ExecutedBlockView {
  return {
    block: b.block,
    planStep: b.planStep,
    predictedJoints: jointsOf(model, b.predicted),
    observedJoints: jointsOf(model, b.observed) ?? [],
    predictedEndEffector: ee(model, b.predicted),
    observedEndEffector: ee(model, b.observed),
    clippedFrames: b.clippedFrames,
    seconds: b.seconds,
    surprise: b.surprise,
  };
}

/** Where the shipped model lives under a models/ folder. */
export function shippedPlanModel(shippedModels: string | undefined | null): string | null {
  return shippedModels ? join(shippedModels, 'sim-arm') : null;
}
