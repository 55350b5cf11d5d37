// Sim data for the base model, written as a LeRobot v3 dataset through the dataset API: scripted reaches
// and pushes plus random exploration on the simulated SO-101, observed as joint positions, joint
// velocities and the cube pose, with the commanded joint targets as the action.
import { Dataset } from '../../dataset';
import { chainFromUrdf } from '../../kinematics';
import { SimulatedArm, SO101_JOINT_NAMES, urdfParse } from '../../sim';
import { normalSource, seedMix, uniformSource } from './seeded-random';
import { type ArmScript, armScript, type ScriptKind, scriptSeconds, scriptTargets } from './sim-scripts';

export const SIM_FPS = 30;

/** observation.state of sim datasets, in `praxis record`'s layout: joint positions (named as the action), velocities, cube pose. */
export const SIM_JOINT_NAMES = SO101_JOINT_NAMES.map((j) => `${j}.pos`);
export const SIM_STATE_NAMES = [
  ...SIM_JOINT_NAMES,
  ...SO101_JOINT_NAMES.map((j) => `${j}.vel`),
  'cube.x',
  'cube.y',
  'cube.z',
  'cube.qw',
  'cube.qx',
  'cube.qy',
  'cube.qz',
];

export interface SimDataOptions {
  episodes: number;
  seed: number;
  /** Shares of reach, push and explore episodes; default ⅓ each. */
  mix?: Record<ScriptKind, number>;
  /** Std of Gaussian noise added to commanded targets, radians (a human hand is not a spline). */
  actionNoise?: number;
  /** The servos' position-loop stiffness relative to the model (an arm other than the base model's); default 1. */
  positionGainScale?: number;
  signal?: AbortSignal;
  onEpisode?: (done: number, total: number, kind: ScriptKind) => void;
}

function pickKind(u: number, mix: Record<ScriptKind, number>): ScriptKind {
  const total = mix.reach + mix.push + mix.explore;
  if (u * total < mix.reach) return 'reach';
  if (u * total < mix.reach + mix.push) return 'push';
  return 'explore';
}

/** Record `episodes` scripted episodes into the dataset at `root` (created if absent). */
export async function recordSimEpisodes(root: string, o: SimDataOptions): Promise<{ episodes: number; frames: number }> {
  const arm = await SimulatedArm.load({ positionGainScale: o.positionGainScale });
  const ds = await Dataset.openOrCreate(root, { fps: SIM_FPS, robotType: 'so101_sim', stateNames: SIM_STATE_NAMES, actionNames: SIM_JOINT_NAMES });
  const chain = chainFromUrdf(urdfParse(arm.urdf), 'gripper_tip', SO101_JOINT_NAMES);
  const mix = o.mix ?? { reach: 1, push: 1, explore: 1 };
  const pick = uniformSource(seedMix(o.seed, 'kinds'));
  let frames = 0;
  try {
    for (let e = 0; e < o.episodes; e++) {
      if (o.signal?.aborted) break;
      const kind = pickKind(pick(), mix);
      const script = armScript(kind, { chain, seed: seedMix(o.seed, `episode:${e}`) });
      frames += await recordOne(arm, ds, script, seedMix(o.seed, `noise:${e}`), o.actionNoise ?? 0.01);
      o.onEpisode?.(e + 1, o.episodes, kind);
    }
  } finally {
    arm.dispose();
  }
  return { episodes: ds.episodes().length, frames };
}

async function recordOne(arm: SimulatedArm, ds: Dataset, script: ArmScript, seed: number, noise: number): Promise<number> {
  arm.reset();
  arm.placeObject('cube', [script.cube[0], script.cube[1], 0.015]);
  arm.setTargets(script.start);
  arm.stepFor(1.0);
  const rec = await ds.beginEpisode({ task: script.task });
  const n = normalSource(seed);
  const length = Math.round(scriptSeconds(script) * SIM_FPS);
  const targets = new Float64Array(6);
  const state = new Float32Array(SIM_STATE_NAMES.length);
  const action = new Float32Array(6);
  const sample = arm.sampleCreate();
  for (let f = 0; f < length; f++) {
    arm.readStateInto(sample);
    scriptTargets(script, f / SIM_FPS, targets);
    for (let j = 0; j < 6; j++) targets[j] += noise * n();
    const applied = arm.setTargets(targets);
    state.set(sample.position, 0);
    state.set(sample.velocity, 6);
    const cube = sample.objects[0];
    state.set(cube.position, 12);
    state.set(cube.quaternion, 15);
    action.set(applied);
    rec.appendFrame({ timestamp: f / SIM_FPS, state, action });
    arm.stepFor(1 / SIM_FPS);
  }
  const report = await rec.save();
  if (report.episodeIndex !== null && script.goalDirected) await ds.setSuccess(report.episodeIndex, true);
  return length;
}
