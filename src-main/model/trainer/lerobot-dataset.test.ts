// A dataset recorded by LeRobot (SO-101 follower, degrees) from verification to evaluation: it verifies
// clean, imports without --force, trains, and every figure is stated in degrees.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLeRobotDataset, verifyDataset } from '../../dataset';
import { writeLeRobotSo101Dataset } from '../../dataset/testing/lerobot-so101-fixture';
import { WorldModel } from '../runtime/world-model';
import { loadDataset } from './dataset-loader';
import type { TrainingFinished } from './events';
import { evaluateModelOnDataset } from './model-eval';
import { syntheticData } from './testing/synthetic';
import { TrainingRun } from './training-run';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'praxis-lerobot-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const train = { steps: 200, batch: 16, evalEvery: 100, warmupSteps: 10, sigregDirections: 16, evalWindows: 64, patience: 0, probeSteps: 0, valFraction: 0.25 };
const run = async (req: ConstructorParameters<typeof TrainingRun>[0]) => (await new TrainingRun({ threads: 1, exportBatch: { encoder: 64, predictor: 64, probe: 64 }, ...req }, () => undefined).run()) as TrainingFinished;

describe('a LeRobot SO-101 dataset in degrees', () => {
  it('verifies clean, imports without --force, trains 200 steps and reports its errors in degrees', async () => {
    const src = join(dir, 'so101-lerobot');
    await writeLeRobotSo101Dataset(src, { episodes: 8, framesPerEpisode: 150 });
    expect(await verifyDataset(src)).toEqual([]);
    const imported = join(dir, 'so101');
    await importLeRobotDataset(src, imported);

    const loaded = await loadDataset(imported);
    // the gripper (0–100 % of its range) is not an angle: joint errors average the five body joints, in degrees
    expect(loaded.set.jointUnit).toBe('deg');
    expect(loaded.set.jointDims.map((d) => loaded.set.obsNames[d])).toEqual(['shoulder_pan.pos', 'shoulder_lift.pos', 'elbow_flex.pos', 'wrist_flex.pos', 'wrist_roll.pos']);

    const out = join(dir, 'model');
    const finished = await run({ dataset: imported, out, preset: 'tiny', train });
    expect(finished.error).toBeUndefined();
    expect(finished.step).toBe(200);
    expect(finished.report?.unit).toBe('deg');
    const card = (await WorldModel.load(out, { threads: 1 })).card;
    expect(card.units).toMatchObject({ joint: 'deg', action: ['deg', 'deg', 'deg', 'deg', 'deg', 'range_0_100'] });

    const report = await evaluateModelOnDataset(out, imported, { split: 'all', threads: 1 });
    expect(report.unit).toBe('deg');
    // figures of degrees' size: the arm moves tens of degrees a second, so "no change" at k=1 is degrees, not radians
    expect(report.noChange[0]).toBeGreaterThan(1);
  });

  it('refuses to fine-tune or score a model of radians on it', async () => {
    const radians = join(dir, 'radians-model');
    const d = syntheticData({ episodes: 8, length: 150, joints: 6, seed: 4 });
    // six joints' positions only, named like the SO-101's, so only the units differ
    const set = { ...d.set, obsDim: 6, obsNames: ['shoulder_pan.pos', 'shoulder_lift.pos', 'elbow_flex.pos', 'wrist_flex.pos', 'wrist_roll.pos', 'gripper.pos'] };
    set.actNames = set.obsNames;
    set.jointDims = [0, 1, 2, 3, 4, 5];
    set.trajectories = set.trajectories.map((t) => ({ ...t, observation: Float32Array.from({ length: t.length * 6 }, (_, i) => t.observation[Math.floor(i / 6) * 12 + (i % 6)]) }));
    const normaliser = { ...d.normaliser, obsMean: d.normaliser.obsMean.slice(0, 6), obsStd: d.normaliser.obsStd.slice(0, 6) };
    const made = await run({ data: { ...d, set, normaliser }, out: radians, preset: 'tiny', train: { ...train, steps: 10, evalEvery: 10 } });
    expect(made.error).toBeUndefined();
    const imported = join(dir, 'so101');
    const finetune = await run({ dataset: imported, out: join(dir, 'ft'), init: radians, train: { ...train, steps: 10 } });
    expect(finetune.error).toMatchObject({ code: 'MODEL_INCOMPATIBLE', message: expect.stringMatching(/joints are in rad; .* records them in deg/) });
    await expect(evaluateModelOnDataset(radians, imported, { threads: 1 })).rejects.toMatchObject({ code: 'MODEL_INCOMPATIBLE' });
  });
});
