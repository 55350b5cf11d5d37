// `praxis plan`'s options, parsed and checked into a request (pure, so its refusals are testable).
import { parseArgs } from 'node:util';
import type { GoalSpec } from '../../api';
import { DEFAULT_SURPRISE_QUANTILE, type PlannerPresetName, plannerPresetNames } from '../../planner';

export const PLAN_HELP = `praxis plan — plan with a world model and execute closed-loop on the sim or a serial arm

Usage:
  praxis plan --robot sim|PORT (--goal-joints J1,…,J6 | --goal-ee X,Y,Z | --goal-episode DATASET:EPISODE:FRAME)
              [--goal-cube X,Y] [--model DIR] [--protocol feetech|dynamixel] [--planner NAME]
              [--budget SECONDS] [--json]
  praxis plan --robot sim --goal-cube X,Y [...]     push the cube to (X, Y) on the table
  praxis plan calibrate --model DIR --dataset DS [--quantile Q] [--json]
      Calibrate the surprise monitor on held-out episodes: the threshold is the Q-quantile (default ${DEFAULT_SURPRISE_QUANTILE})
      of the model's one-block latent error; written to DIR/surprise.json.
      The shipped models/sim-arm/surprise.json: 40 episodes of praxis record --robot sim --teleop scripted --seed 11.

Options:
  --model DIR          World model folder (default: the shipped models/sim-arm).
  --robot sim|PORT     The built-in simulator, or a serial port (e.g. /dev/ttyACM0, or a pty from praxis sim --serial).
  --protocol P         feetech (default; SO-101 follower) or dynamixel (Koch follower), for a serial port.
  --goal-joints LIST   Joint targets in radians, one per joint.
  --goal-ee X,Y,Z      End-effector position in metres (robot base frame); IK turns it into joints.
  --goal-episode D:E:F A frame of a recorded episode: dataset folder, episode index, frame index.
  --goal-cube X,Y      Where the cube should end up on the table, metres.
  --planner NAME       ${['cem', ...plannerPresetNames()].join(', ')} (default cem: CEM, replanning every block).
  --budget SECONDS     Robot time allowed to reach the goal (default 20).
  --surprise-scale S   Multiply the calibrated surprise threshold (default 1, or 1.5 on a robot that does not
                       report the cube the model observes); 0 turns the monitor off.
  --json               One JSON object on stdout.
  -h, --help`;

export interface PlanCliRequest {
  model: string | null;
  robot: string;
  protocol: 'feetech' | 'dynamixel';
  goal: GoalSpec;
  preset: PlannerPresetName;
  budgetS: number;
  surpriseScale: number;
  /** Whether --surprise-scale was given (else a robot without the cube widens the threshold). */
  surpriseScaleSet: boolean;
  json: boolean;
}

export interface CalibrateCliRequest {
  model: string | null;
  dataset: string;
  quantile: number;
  json: boolean;
}

export type PlanCliParse = { kind: 'help' } | { kind: 'error'; message: string } | { kind: 'plan'; request: PlanCliRequest } | { kind: 'calibrate'; request: CalibrateCliRequest };

function numbers(text: string, count: number | null, what: string): number[] | string {
  const v = text.split(',').map((s) => Number(s.trim()));
  if (v.some((x) => !Number.isFinite(x)) || (count !== null && v.length !== count)) return `${what} must be ${count ?? 'some'} comma-separated numbers, got "${text}"`;
  return v;
}

export function planArgsParse(argv: string[]): PlanCliParse {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      robot: { type: 'string' },
      protocol: { type: 'string', default: 'feetech' },
      'goal-joints': { type: 'string' },
      'goal-ee': { type: 'string' },
      'goal-episode': { type: 'string' },
      'goal-cube': { type: 'string' },
      planner: { type: 'string', default: 'cem' },
      budget: { type: 'string', default: '20' },
      'surprise-scale': { type: 'string' },
      dataset: { type: 'string' },
      quantile: { type: 'string', default: String(DEFAULT_SURPRISE_QUANTILE) },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { kind: 'help' };
  const model = values.model ?? null;
  if (positionals[0] === 'calibrate') {
    if (!values.dataset) return { kind: 'error', message: 'calibrate needs --dataset (held-out episodes)' };
    const quantile = Number(values.quantile);
    if (!(quantile > 0.5 && quantile < 1)) return { kind: 'error', message: `--quantile must be between 0.5 and 1, got "${values.quantile}"` };
    return { kind: 'calibrate', request: { model, dataset: values.dataset, quantile, json: values.json } };
  }
  if (positionals.length > 0) return { kind: 'error', message: `unexpected "${positionals[0]}"` };
  if (!values.robot) return { kind: 'error', message: '--robot sim or --robot PORT is needed' };
  if (values.protocol !== 'feetech' && values.protocol !== 'dynamixel') return { kind: 'error', message: `--protocol must be feetech or dynamixel, got "${values.protocol}"` };
  const armGoals = [values['goal-joints'], values['goal-ee'], values['goal-episode']].filter((g) => g !== undefined);
  if (armGoals.length > 1) return { kind: 'error', message: 'give one of --goal-joints, --goal-ee and --goal-episode' };
  let cube: [number, number] | undefined;
  if (values['goal-cube'] !== undefined) {
    const c = numbers(values['goal-cube'], 2, '--goal-cube');
    if (typeof c === 'string') return { kind: 'error', message: c };
    cube = [c[0], c[1]];
  }
  let goal: GoalSpec;
  if (values['goal-joints'] !== undefined) {
    const j = numbers(values['goal-joints'], null, '--goal-joints');
    if (typeof j === 'string') return { kind: 'error', message: j };
    goal = { kind: 'joints', joints: j, ...(cube ? { cube } : {}) };
  } else if (values['goal-ee'] !== undefined) {
    const p = numbers(values['goal-ee'], 3, '--goal-ee');
    if (typeof p === 'string') return { kind: 'error', message: p };
    goal = { kind: 'ee', position: [p[0], p[1], p[2]], ...(cube ? { cube } : {}) };
  } else if (values['goal-episode'] !== undefined) {
    const m = /^(.+):(\d+):(\d+)$/.exec(values['goal-episode']);
    if (!m) return { kind: 'error', message: `--goal-episode must be DATASET:EPISODE:FRAME, got "${values['goal-episode']}"` };
    goal = { kind: 'episode', dataset: m[1], episode: Number(m[2]), frame: Number(m[3]), ...(cube ? { cube } : {}) };
  } else if (cube) goal = { kind: 'cube', cube };
  else return { kind: 'error', message: 'a goal is needed: --goal-joints, --goal-ee, --goal-episode or --goal-cube' };
  const preset = values.planner === 'cem' ? 'fast' : values.planner;
  if (!(plannerPresetNames() as string[]).includes(preset as string)) return { kind: 'error', message: `--planner must be one of cem, ${plannerPresetNames().join(', ')}; got "${values.planner}"` };
  const budgetS = Number(values.budget);
  if (!(budgetS > 0 && budgetS <= 600)) return { kind: 'error', message: `--budget must be seconds between 0 and 600, got "${values.budget}"` };
  const surpriseScale = Number(values['surprise-scale'] ?? 1);
  if (!(surpriseScale >= 0)) return { kind: 'error', message: `--surprise-scale must be 0 or more, got "${values['surprise-scale']}"` };
  return { kind: 'plan', request: { model, robot: values.robot, protocol: values.protocol, goal, preset: preset as PlannerPresetName, budgetS, surpriseScale, surpriseScaleSet: values['surprise-scale'] !== undefined, json: values.json } };
}
