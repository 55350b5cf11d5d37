// `praxis plan`: plan with a world model toward a goal and execute closed-loop on the sim or a serial arm,
// every command through the robot's safety gate; `praxis plan calibrate` sets the surprise monitor's
// threshold from held-out episodes.
import { join, resolve } from 'node:path';
import type { ObjectPose } from '../../api';
import { IkSolver } from '../../kinematics';
import { loadDataset, WorldModel } from '../../model';
import {
  type ExecutionSummary,
  gatedExecutionArm,
  goalCosts,
  goalResolve,
  observationColumns,
  oneBlockLatentErrors,
  PlanExecutor,
  planningModelFromWorldModel,
  plannerSettings,
  recordedFrameOf,
  type ResolvedGoal,
  SurpriseMonitor,
  surpriseCalibrationFromErrors,
  surpriseCalibrationRead,
  surpriseCalibrationWrite,
} from '../../planner';
import { BUILTIN_PROFILES, type GatedRobot, gatedSerialRobotOpen } from '../../robot';
import { gatedSimRobotOpen } from '../../sim';
import { DatasetService } from '../../studio';
import { packageRoot, resourcesDir } from '../paths';
import { type CalibrateCliRequest, PLAN_HELP, type PlanCliRequest, planArgsParse } from './plan-args';

/** Threshold scale when the robot does not report an object the model observes (see planAndExecute). */
export const UNOBSERVED_SURPRISE_SCALE = 1.5;

export async function run(argv: string[]): Promise<number> {
  const parsed = planArgsParse(argv);
  if (parsed.kind === 'help') {
    console.log(PLAN_HELP);
    return 0;
  }
  if (parsed.kind === 'error') {
    console.error(`praxis plan: ${parsed.message}.\nRun \`praxis plan --help\` for the options.`);
    return 2;
  }
  if (parsed.kind === 'calibrate') return calibrate(parsed.request);
  const report = await planAndExecute(parsed.request);
  console.log(parsed.request.json ? JSON.stringify(report) : planReportText(report));
  return report.success ? 0 : 1;
}

function modelDir(model: string | null): string {
  return model ? resolve(model) : join(packageRoot(), 'models', 'sim-arm');
}

async function calibrate(r: CalibrateCliRequest): Promise<number> {
  const dir = modelDir(r.model);
  const wm = await WorldModel.load(dir);
  try {
    const feats = (wm.card.data as { obsFeatures?: string[] } | undefined)?.obsFeatures;
    const d = await loadDataset(resolve(r.dataset), { obsFeatures: feats });
    const errors = await oneBlockLatentErrors(wm, d.set.trajectories);
    const c = surpriseCalibrationFromErrors(errors, resolve(r.dataset), r.quantile);
    await surpriseCalibrationWrite(dir, c);
    console.log(
      r.json
        ? JSON.stringify(c)
        : `${c.windows} windows: one-block latent error median ${c.median.toFixed(3)}, p99 ${c.p99.toFixed(3)}; threshold (q ${c.quantile}) ${c.threshold.toFixed(3)} written to ${join(dir, 'surprise.json')}`,
    );
    return 0;
  } finally {
    await wm.dispose();
  }
}

export interface PlanReport {
  success: boolean;
  goal: Omit<ResolvedGoal, 'observation'>;
  final: { joints: number[]; endEffector: [number, number, number] | null; cube: [number, number, number] | null };
  errors: { joint: number; endEffector: number | null; cube: number | null };
  steps: number;
  plans: number;
  replanLatencyMs: { p50: number; p95: number };
  guardrailEvents: ExecutionSummary['guardrailEvents'];
  surprise: { threshold: number | null; maxRatio: number | null };
  /** Block durations on the robot's clock, seconds (nominal frameskip / fps): a starved machine runs late. */
  blockSeconds: { p50: number; max: number } | null;
  stop: ExecutionSummary['stop'];
  robot: string;
  planner: string;
  /** Objects the model observes that this robot does not report (held at the training mean). */
  unobserved: string[];
}

async function openRobot(r: PlanCliRequest): Promise<{ robot: GatedRobot; objects?: () => readonly ObjectPose[] }> {
  if (r.robot === 'sim') {
    const sim = await gatedSimRobotOpen({ resourcesDir: resourcesDir() });
    return { robot: sim, objects: () => sim.world.readState().objects };
  }
  const profile = r.protocol === 'dynamixel' ? BUILTIN_PROFILES.koch_follower : BUILTIN_PROFILES.so101_follower;
  return { robot: await gatedSerialRobotOpen({ port: r.robot, profile }) };
}

export async function planAndExecute(r: PlanCliRequest): Promise<PlanReport> {
  const dir = modelDir(r.model);
  const wm = await WorldModel.load(dir);
  const { robot, objects } = await openRobot(r);
  try {
    const card = wm.card;
    const model = planningModelFromWorldModel(wm);
    const jointNames = robot.jointNames;
    const joints = jointNames.map((name, j) => ({ name, lower: robot.lower[j], upper: robot.upper[j] }));
    const columns = observationColumns(card.obsNames, jointNames);
    const ik = model.robot.chain ? new IkSolver(model.robot.chain) : null;
    const arm = gatedExecutionArm(robot, { period: 1 / card.fps, objects });
    await waitForState(robot);
    const now = arm.state();
    const unobservedNames = [...new Set(columns.flatMap((c) => (c.kind === 'object' && !now.objects.some((o) => o.name === c.object) ? [c.object] : [])))];
    const unobserved = Float32Array.from(card.normaliser.obsMean);
    const datasets = new DatasetService(process.cwd());
    const goal = await goalResolve(r.goal, now, {
      joints,
      columns,
      ik,
      unobserved,
      episodeFrame: async (dataset, episode, frame) => recordedFrameOf(await datasets.episode(resolve(dataset), episode), frame, `${dataset} episode ${episode}`),
    });
    const base = plannerSettings(r.preset);
    const settings = { ...base, costs: goalCosts(goal, base.costs) };
    const calibration = r.surpriseScale > 0 ? await surpriseCalibrationRead(dir) : null;
    // A stand-in cube (the training mean) is an observation the model never saw move with the arm: measured
    // through praxis sim --serial, ordinary blocks then reach 0.9–1.0× of the threshold calibrated with the
    // cube seen (0.4–0.55× on the sim itself), so the threshold is widened by half unless the user set a scale.
    const scale = r.surpriseScale * (unobservedNames.length > 0 && !r.surpriseScaleSet ? UNOBSERVED_SURPRISE_SCALE : 1);
    const monitor = calibration ? new SurpriseMonitor(calibration, scale) : null;
    const executor = new PlanExecutor({ model, arm, columns, settings, monitor, ik, unobserved });
    await executor.begin(goal);
    const maxBlocks = Math.ceil((r.budgetS * card.fps) / card.dims.frameskip);
    const blockSeconds: number[] = [];
    executor.onEvent((e) => {
      if (e.type === 'block' && e.block.seconds !== null) blockSeconds.push(e.block.seconds);
    });
    const summary = await executor.run(maxBlocks);
    arm.hold();
    await datasets.close();
    const p = summary.progress;
    const lat = [...summary.planLatencyMs].sort((a, b) => a - b);
    const { observation: _, ...goalData } = goal;
    return {
      success: summary.success,
      goal: goalData,
      final: { joints: Array.from(arm.state().position), endEffector: p.tool, cube: p.cube },
      errors: { joint: p.jointError, endEffector: p.toolError, cube: p.cubeError },
      steps: summary.blocks,
      plans: summary.plans,
      replanLatencyMs: { p50: percentile(lat, 0.5), p95: percentile(lat, 0.95) },
      guardrailEvents: summary.guardrailEvents,
      surprise: { threshold: monitor?.threshold ?? null, maxRatio: summary.surprises.length ? Math.max(...summary.surprises.map((s) => s.ratio)) : null },
      stop: summary.stop,
      blockSeconds: blockSeconds.length ? { p50: percentile([...blockSeconds].sort((a, b) => a - b), 0.5), max: Math.max(...blockSeconds) } : null,
      robot: r.robot,
      planner: settings.planner,
      unobserved: unobservedNames,
    };
  } finally {
    await robot.close();
    await wm.dispose();
  }
}

/** The link reads the pose before it connects, so this is at once in practice; else wait for the first reply. */
async function waitForState(robot: GatedRobot): Promise<void> {
  if (robot.latest) return;
  await new Promise<void>((resolve) => {
    const off = robot.onJointState(() => {
      off();
      resolve();
    });
  });
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function planReportText(r: PlanReport): string {
  const f = (v: number | null, unit: string, d = 3) => (v === null ? '—' : `${v.toFixed(d)} ${unit}`);
  const lines = [
    `${r.success ? 'reached' : 'NOT reached'}: ${r.goal.goal.kind} goal on ${r.robot} with ${r.planner}, ${r.steps} blocks, ${r.plans} plans`,
    `goal joints ${r.goal.joints.map((v) => v.toFixed(3)).join(', ')}${r.goal.tool ? `; tool at ${r.goal.tool.map((v) => v.toFixed(3)).join(', ')} m` : ''}${r.goal.cube ? `; cube to ${r.goal.cube.map((v) => v.toFixed(3)).join(', ')} m` : ''}`,
    `final joints ${r.final.joints.map((v) => v.toFixed(3)).join(', ')}${r.final.endEffector ? `; tool ${r.final.endEffector.map((v) => v.toFixed(3)).join(', ')} m` : ''}${r.final.cube ? `; cube ${r.final.cube.map((v) => v.toFixed(3)).join(', ')} m` : ''}`,
    `errors: joints ${f(r.errors.joint, 'rad')}, end effector ${f(r.errors.endEffector, 'm')}, cube ${f(r.errors.cube, 'm')}`,
    `replan latency p50 ${r.replanLatencyMs.p50.toFixed(1)} ms, p95 ${r.replanLatencyMs.p95.toFixed(1)} ms${r.blockSeconds ? `; blocks took ${(r.blockSeconds.p50 * 1000).toFixed(0)} ms (p50), ${(r.blockSeconds.max * 1000).toFixed(0)} ms (max)` : ''}`,
    `surprise: ${r.surprise.threshold === null ? 'monitor off (no surprise.json: run praxis plan calibrate)' : `threshold ${r.surprise.threshold.toFixed(3)}, largest ${r.surprise.maxRatio?.toFixed(2) ?? '—'}× of it`}`,
  ];
  if (r.unobserved.length) lines.push(`note: the robot does not report ${r.unobserved.join(', ')}; the model sees it at its training mean`);
  if (r.stop) lines.push(`stopped: ${r.stop.message}${r.stop.constraint ? ` (${r.stop.constraint})` : ''}`);
  lines.push(`guardrail events: ${r.guardrailEvents.length}`);
  for (const e of r.guardrailEvents.slice(0, 20)) lines.push(`  block ${e.block} ${e.source} ${e.kind}: ${e.constraint}${e.refused ? ' (refused)' : ''}`);
  if (r.guardrailEvents.length > 20) lines.push(`  … ${r.guardrailEvents.length - 20} more (--json lists all)`);
  return lines.join('\n');
}
