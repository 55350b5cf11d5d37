// Planning with the shipped world model on the simulated arm, closed loop: observe → plan → execute the first
// block(s) → replan. Seeded tasks: reach (end-effector within 2 cm of a random reachable target, drawn by FK of
// a random in-limit joint configuration) and push (cube centre within 3 cm of a target on the table), per
// planner beside random shooting measured in the same run. Also times a full LeWM-size CEM plan (300 samples
// × 30 iterations × horizon 5 = 45k candidate-steps) against the 250 ms goal.
// Run: npm run bench -- plan [--trials 50] [--planners cem,mppi,amortised,random] [--tasks reach,push]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chainForward, IkSolver } from '../src-main/kinematics';
import * as ort from 'onnxruntime-node';
import { FusedRollout, type JepaConfig, WorldModel } from '../src-main/model';
import { emitModel, GraphBuilder, mulberry32 } from '../src-main/model/engine';
import {
  DEFAULT_GUARDRAILS,
  type PlanGoal,
  type PlannerPresetName,
  type PlannerSettings,
  type PlanResult,
  planContextFromObservations,
  planGoalFromObservation,
  planningModelLoad,
  planOnce,
  plannerSettings,
  TABLE_TOP,
  type WarmStart,
  warmStartFrom,
} from '../src-main/planner';
import { SimulatedArm } from '../src-main/sim';

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '50' },
    planners: { type: 'string', default: 'cem,mppi,amortised,random' },
    tasks: { type: 'string', default: 'reach,push' },
    model: { type: 'string', default: 'models/sim-arm' },
    seed: { type: 'string', default: '42' },
    /** First trial index (to rerun a failing trial alone). */
    from: { type: 'string', default: '0' },
    /** Override the presets' search budget, to find the cheapest settings that still succeed. */
    samples: { type: 'string' },
    iterations: { type: 'string' },
    'warm-iterations': { type: 'string' },
    'replan-every': { type: 'string' },
    /** hold: a refused plan is not run (the arm holds a block, then replans cold), as the executor does; run: it is run and counted. */
    refused: { type: 'string', default: 'hold' },
    /** Reach: weight of the decoded end-effector cost per m² (0: LeWM's latent terminal cost alone). */
    'ee-weight': { type: 'string', default: '1e4' },
    /** Full LeWM CEM plans to time (0: skip). */
    'lewm-reps': { type: 'string', default: '3' },
    verbose: { type: 'boolean', default: false },
    /** Print every replan: active subgoal, real and predicted end-effector and cube. */
    trace: { type: 'boolean', default: false },
  },
});
const trials = Number(values.trials);
const seed = Number(values.seed);
const model = await planningModelLoad(resolve(values.model), { threads: 2 });
const chain = model.robot.chain;
if (!chain) throw new Error('the bench needs the SO-101 chain');
const arm = await SimulatedArm.load();
const FPS = 1 / model.actionPeriod;
const fs = model.frameskip;
const H = model.history;

/** In-limit joint ranges away from the table and the base (the sim data's exploration ranges). */
const SAFE_LOW = [-1.2, -0.9, -0.6, -0.4, -1.5, 0];
const SAFE_HIGH = [1.2, 0.9, 1.3, 1.4, 1.5, 1.2];
const HOME = [0, 0, 0, 0.9, 0, 0.1];

const ee = (q: ArrayLike<number>) => Array.from(chainForward(chain, q).position) as [number, number, number];
const dist = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.hypot(...Array.from(a, (v, i) => v - b[i]));

interface Task {
  name: 'reach' | 'push';
  tolerance: number;
  /** Blocks the arm may execute before the trial fails. */
  budget: number;
  setUp(u: () => number): Promise<{ goal: PlanGoal; target: number[] }>;
  error(target: number[]): number;
  costs: Partial<PlannerSettings['costs']>;
}

function observe(): Float32Array {
  const s = arm.readState();
  const o = new Float32Array(model.obsDim);
  o.set(s.position, 0);
  o.set(s.velocity, 6);
  o.set(s.objects[0].position, 12);
  o.set(s.objects[0].quaternion, 15);
  return o;
}

function startPose(u: () => number): void {
  arm.reset();
  const start = HOME.map((h, j) => h + 0.25 * (2 * u() - 1) * (j === 5 ? 0.5 : 1));
  start[5] = Math.max(0, start[5]);
  arm.placeObject('cube', [0.17 + 0.13 * u(), -0.14 + 0.28 * u(), 0.015]);
  arm.setTargets(start);
  arm.stepFor(1.0);
}

const reach: Task = {
  name: 'reach',
  tolerance: 0.02,
  budget: 24,
  costs: { latentTerminal: 1, endEffector: Number(values['ee-weight']) },
  async setUp(u) {
    startPose(u);
    let q: number[] = [];
    let p: [number, number, number] = [0, 0, 0];
    do {
      q = SAFE_LOW.map((lo, j) => lo + (SAFE_HIGH[j] - lo) * u());
      p = ee(q);
    } while (p[2] < 0.03);
    const goalObs = observe();
    goalObs.set(q, 0);
    goalObs.fill(0, 6, 12);
    return { goal: await planGoalFromObservation(model, goalObs, { endEffector: p }), target: p };
  },
  error: (target) => dist(arm.endEffectorPose().position, target),
};

const ik = new IkSolver(chain, { maxIterations: 200 });
/** The tip's height while pushing: below the cube's top (3 cm), above the table's keep-out margin. */
const PUSH_HEIGHT = 0.028;
const push: Task = {
  name: 'push',
  tolerance: 0.03,
  budget: 48,
  costs: { latentTerminal: 0.1, cube: 1e4, endEffector: 1e3 },
  async setUp(u) {
    startPose(u);
    const now = observe();
    const cube = [now[12], now[13]];
    const angle = Math.atan2(cube[1], cube[0]) + (u() - 0.5) * 1.6;
    const dir = [Math.cos(angle), Math.sin(angle)];
    const reachOut = 0.06 + 0.04 * u();
    const target = [cube[0] + reachOut * dir[0], cube[1] + reachOut * dir[1]];
    // Waypoint: the gripper tip behind the cube, low, then the cube at its target with the tip past it.
    const behindXyz: [number, number, number] = [cube[0] - 0.06 * dir[0], cube[1] - 0.06 * dir[1], PUSH_HEIGHT];
    const behindQ = Float64Array.from(ik.solve({ position: behindXyz }, Float64Array.from(now.subarray(0, 6))).positions);
    const behindObs = now.slice();
    behindObs.set(behindQ, 0);
    behindObs.fill(0, 6, 12);
    const endXyz: [number, number, number] = [target[0] - 0.03 * dir[0], target[1] - 0.03 * dir[1], PUSH_HEIGHT];
    const endQ = Float64Array.from(ik.solve({ position: endXyz }, behindQ).positions);
    const goalObs = now.slice();
    goalObs.set(endQ, 0);
    goalObs.fill(0, 6, 12);
    goalObs[12] = target[0];
    goalObs[13] = target[1];
    const behind = await planGoalFromObservation(model, behindObs, { endEffector: behindXyz });
    const goal = await planGoalFromObservation(model, goalObs, { endEffector: endXyz, cube: [target[0], target[1]], waypoints: [behind] });
    return { goal, target };
  },
  error: (target) => {
    const c = arm.readState().objects[0].position;
    return Math.hypot(c[0] - target[0], c[1] - target[1]);
  },
};

interface TrialResult {
  success: boolean;
  error: number;
  planMs: number;
  replanMs: number[];
  blocks: number;
  refused: number;
}

async function runTrial(task: Task, settings: PlannerSettings, u: () => number): Promise<TrialResult> {
  const { goal, target } = await task.setUp(u);
  const obs: Float32Array[] = [observe()];
  const acts: Float32Array[] = [];
  let warm: WarmStart | undefined;
  let planMs = 0;
  const replanMs: number[] = [];
  let blocks = 0;
  let refused = 0;
  let error = task.error(target);
  while (blocks < task.budget && error > task.tolerance) {
    const c = Math.min(H, obs.length);
    const ctxObs = new Float32Array(c * model.obsDim);
    for (let i = 0; i < c; i++) ctxObs.set(obs[obs.length - c + i], i * model.obsDim);
    const ctxActs = new Float32Array((c - 1) * model.blockDim);
    for (let i = 0; i < c - 1; i++) ctxActs.set(acts[acts.length - (c - 1) + i], i * model.blockDim);
    const t0 = performance.now();
    const context = await planContextFromObservations(model, ctxObs, ctxActs);
    const plan: PlanResult = await planOnce(model, context, goal, settings, warm);
    const ms = performance.now() - t0;
    if (warm) replanMs.push(ms);
    else planMs = ms;
    if (plan.status === 'refused') refused++;
    if (values.trace) {
      const last = plan.steps[plan.horizon - 1];
      const cd = model.cubeDims;
      const cube = arm.readState().objects[0].position;
      const cm = (xs: ArrayLike<number> | null | undefined) => (xs ? Array.from(xs, (x) => (x * 100).toFixed(1)).join(',') : '—');
      console.log(
        `    block ${blocks}: subgoal ${plan.subgoals.findIndex((g) => g.active)} ee ${cm(arm.endEffectorPose().position)} → planned ${cm(last.endEffector)} cm; cube ${cm(cube.slice(0, 2))} → planned ${cm(cd && last.observation ? [last.observation[cd[0]], last.observation[cd[1]]] : null)} cm; cost ${plan.cost.toFixed(3)} ${JSON.stringify(Object.fromEntries(Object.entries(last.cost.terms).filter(([, v]) => v !== 0).map(([k, v]) => [k, Number(v.toFixed(3))])))}`,
      );
    }
    const run = Math.min(settings.replanEvery, plan.horizon);
    // As the executor does, a refused plan is not run: the arm holds its last command for a block instead.
    const hold = plan.status === 'refused' && values.refused !== 'run';
    const last = acts.length ? acts[acts.length - 1].subarray(model.blockDim - model.actDim) : obs[obs.length - 1].subarray(0, model.actDim);
    const held = new Float32Array(model.blockDim).map((_, i) => last[i % model.actDim]);
    for (let b = 0; b < (hold ? 1 : run) && blocks < task.budget; b++) {
      const block = hold ? held : plan.actions.subarray(b * model.blockDim, (b + 1) * model.blockDim);
      for (let f = 0; f < fs; f++) {
        arm.setTargets(block.subarray(f * model.actDim, (f + 1) * model.actDim));
        arm.stepFor(1 / FPS);
      }
      acts.push(block.slice());
      obs.push(observe());
      blocks++;
    }
    warm = hold ? undefined : warmStartFrom(plan, run);
    error = task.error(target);
  }
  return { success: error <= task.tolerance, error, planMs, replanMs, blocks, refused };
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');

// ---- references measured in this run: ORT's plain MatMul throughput, and the runtime's step-by-step rollout --
/** GFLOP/s of one 512 × 512 × 512 MatMul in ORT (2 threads) on this machine, as busy as it is now. */
async function matmulGflops(): Promise<number> {
  const g = new GraphBuilder('matmul', { dtype: 'float32' });
  const a = g.input('a', [512, 512]);
  const b = g.input('b', [512, 512]);
  const bytes = emitModel(g, { outputs: { y: g.matmul(a, b) }, mode: 'eval' }).bytes;
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 2, interOpNumThreads: 1 });
  const feeds = { a: new ort.Tensor('float32', new Float32Array(512 * 512).fill(0.5), [512, 512]), b: new ort.Tensor('float32', new Float32Array(512 * 512).fill(0.25), [512, 512]) };
  await session.run(feeds);
  let reps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 1000 || reps < 5) {
    await session.run(feeds);
    reps++;
  }
  const secs = (performance.now() - t0) / 1000;
  await session.release();
  return (reps * 2 * 512 ** 3) / secs / 1e9;
}

/** Multiply-adds ×2 of one candidate-step of the fused rollout with a full history window (see jepa/rollout-graph.ts). */
function fusedFlopsPerStep(c: JepaConfig): number {
  const D = c.predictor.dim;
  const B = c.frameskip * c.actDim;
  const T = c.history;
  const m = c.predictor.mlpDim;
  const perAction = B * B + B * c.actionHidden + c.actionHidden * c.latentDim + c.latentDim * D + c.predictor.depth * D * 6 * D;
  const fullBlock = T * (3 * D * D + D * D + 2 * D * m) + 2 * T * T * D;
  const lastBlock = T * 3 * D * D + D * D + 2 * D * m + 2 * T * D;
  const out = D * c.latentDim + 2 * c.latentDim * c.projectorHidden;
  const probe = c.latentDim * c.probeHidden + c.probeHidden * c.probeHidden + c.probeHidden * c.obsDim;
  return 2 * (perAction + c.latentDim * D + (c.predictor.depth - 1) * fullBlock + lastBlock + out + probe);
}

const gflops = await matmulGflops();
{
  const world = await WorldModel.load(resolve(values.model), { threads: 2 });
  const fused = await FusedRollout.open(resolve(values.model), world.card, { threads: 2 });
  const obs3 = new Float32Array(3 * model.obsDim).map((_, i) => world.card.normaliser.obsMean[i % model.obsDim]);
  const ctx = await world.encode(obs3);
  const ctxActs = new Float32Array(2 * model.blockDim).map((_, i) => world.card.normaliser.actMean[i % model.actDim]);
  const cand = new Float32Array(300 * 5 * model.blockDim).map((_, i) => world.card.normaliser.actMean[i % model.actDim] + 0.3 * Math.sin(i));
  const time = async (f: () => Promise<unknown>, reps: number) => {
    await f();
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) await f();
    return (performance.now() - t0) / reps;
  };
  const stepwise = await time(async () => world.decode(await world.rollout({ latents: ctx, actions: ctxActs }, cand, 5)), 3);
  const fusedMs = fused ? await time(() => fused.run(ctx, ctxActs, cand, 300, 5), 5) : Number.NaN;
  const flops = fusedFlopsPerStep(world.card.config as JepaConfig) * 1500;
  console.log(`ORT MatMul 512³ on 2 threads now: ${fmt(gflops)} GFLOP/s (the architecture notes measured 130–180 on an idle 2-core machine)`);
  console.log(
    `rollout of 300 candidates × 5 blocks + probe: step-by-step runtime ${fmt(stepwise)} ms, fused ${fmt(fusedMs)} ms → ${fmt(stepwise / fusedMs, 2)}×; fused runs ${fmt(flops / 1e6)} MFLOP at ${fmt(flops / fusedMs / 1e6)} GFLOP/s = ${fmt((100 * flops) / fusedMs / 1e6 / gflops, 0)} % of the MatMul's`,
  );
  await fused?.dispose();
  await world.dispose();
}

// ---- a full LeWM-size CEM plan, timed -----------------------------------------------------------------------
const lewmReps = Number(values['lewm-reps']);
if (lewmReps > 0) {
  const u = mulberry32(seed);
  const { goal } = await reach.setUp(u);
  const context = await planContextFromObservations(model, observe());
  const s = plannerSettings('lewm', { costs: { ...plannerSettings('lewm').costs, ...reach.costs } });
  await planOnce(model, context, goal, s); // warm-up
  const times: number[] = [];
  const rollout: number[] = [];
  for (let i = 0; i < lewmReps; i++) {
    const r = await planOnce(model, context, goal, { ...s, seed: seed + i });
    times.push(r.stats.totalMs);
    rollout.push(r.stats.rolloutMs);
  }
  const ms = pct(times, 0.5);
  console.log(
    `full LeWM CEM (300 × 30 iterations × horizon 5 = ${(300 * 30 * 5).toLocaleString()} candidate-steps): p50 ${fmt(ms)} ms (rollouts ${fmt(pct(rollout, 0.5))} ms, ${Math.round((45000 / ms) * 1000).toLocaleString()} candidate-steps/s); goal 250 ms → ${fmt(250 / ms, 2)}× the goal's speed`,
  );
  // The goal is for an idle 2-core machine: scale by how fast ORT's MatMul runs now against such a machine.
  console.log(`  scaled to an idle 2-core machine (MatMul at 150 GFLOP/s instead of ${fmt(gflops)}): ≈ ${fmt((ms * gflops) / 150)} ms — an estimate, not a measurement`);
}

// ---- closed-loop tasks ---------------------------------------------------------------------------------------
const tasks = { reach, push };
// The table top with 1.5 cm above it: the tip pressed onto the table drags the arm to a halt by
// friction, which the model (trained on free motion and pushes) does not predict.
const tableMargin = { min: TABLE_TOP.min, max: [TABLE_TOP.max[0], TABLE_TOP.max[1], 0.015] as const };
const guardrails = { ...DEFAULT_GUARDRAILS, keepOut: [{ name: 'table top', box: tableMargin }] };
console.log(`\n${trials} trials per task and planner, seed ${seed}; success = reach within 2 cm / cube within 3 cm inside the budget`);
console.log('task   planner     success   final error (median, p90)   plan ms p50   replan ms p50 / p95   blocks   refusals');
for (const taskName of values.tasks.split(',') as (keyof typeof tasks)[]) {
  const task = tasks[taskName];
  for (const preset of values.planners.split(',').map((p) => (p === 'cem' ? 'fast' : p)) as PlannerPresetName[]) {
    const base = plannerSettings(preset);
    const budget: Partial<PlannerSettings> = {};
    if (values.samples) budget.samples = Number(values.samples);
    if (values.iterations) budget.iterations = Number(values.iterations);
    if (values['warm-iterations']) budget.warmIterations = Number(values['warm-iterations']);
    if (values['replan-every']) budget.replanEvery = Number(values['replan-every']);
    const settings = plannerSettings(preset, { ...budget, costs: { ...base.costs, ...task.costs }, guardrails });
    const results: TrialResult[] = [];
    const from = Number(values.from);
    for (let t = from; t < from + trials; t++) {
      // The same seed per trial for every planner: each meets the same start, cube and goal.
      const r = await runTrial(task, { ...settings, seed: seed + t }, mulberry32(seed * 1000 + t));
      results.push(r);
      if (values.verbose) console.log(`  ${task.name} ${preset} trial ${t}: ${r.success ? 'ok' : 'FAIL'} error ${(r.error * 100).toFixed(1)} cm after ${r.blocks} blocks`);
    }
    const ok = results.filter((r) => r.success).length;
    const errs = results.map((r) => r.error * 100);
    const replans = results.flatMap((r) => r.replanMs);
    console.log(
      `${task.name.padEnd(6)} ${(preset === 'fast' ? 'cem' : preset).padEnd(10)} ${`${ok}/${trials} (${fmt((100 * ok) / trials, 0)} %)`.padEnd(13)} ${`${fmt(pct(errs, 0.5))} cm, ${fmt(pct(errs, 0.9))} cm`.padEnd(27)} ${fmt(pct(results.map((r) => r.planMs), 0.5)).padEnd(13)} ${`${fmt(pct(replans, 0.5))} / ${fmt(pct(replans, 0.95))}`.padEnd(21)} ${fmt(pct(results.map((r) => r.blocks), 0.5), 0).padEnd(8)} ${results.reduce((a, r) => a + r.refused, 0)}`,
    );
  }
}
arm.dispose();
await model.dispose();
