import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes, isPraxisError } from '../../api';
import { loadDataset } from './dataset-loader';
import { recordSimEpisodes, SIM_STATE_NAMES } from './sim-data';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'praxis-simdata-'));
  // Seed 4 gives one exploration and two goal-directed episodes among the first three.
  await recordSimEpisodes(join(root, 'ds'), { episodes: 3, seed: 4, mix: { reach: 1, push: 1, explore: 1 } });
}, 120_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the LeRobot v3 loader on scripted sim data', () => {
  it('reads joint positions, velocities and the cube pose, with actions named as the joints', async () => {
    const d = await loadDataset(join(root, 'ds'));
    expect(d.set.obsDim).toBe(19);
    expect(d.set.actDim).toBe(6);
    expect(d.set.obsNames).toEqual(SIM_STATE_NAMES);
    expect(d.set.jointDims).toEqual([0, 1, 2, 3, 4, 5]);
    expect(d.set.fps).toBe(30);
    expect(d.set.trajectories.length).toBe(3);
    for (const t of d.set.trajectories) {
      expect(t.observation.length).toBe(t.length * 19);
      expect(t.action.length).toBe(t.length * 6);
      expect(t.length).toBeGreaterThan(61);
    }
    // Goal-directed scripts (reach, push) are marked successful; exploration is not.
    expect(d.successful.length).toBeGreaterThan(0);
    expect(d.successful.length).toBeLessThan(3);
    expect(d.normaliser.obsMean.length).toBe(19);
    expect(d.normaliser.actStd.every((s) => s > 0)).toBe(true);
  });

  it('explains that a dataset without actions cannot train a world model', async () => {
    const info = join(root, 'ds', 'meta', 'info.json');
    const original = await readFile(info, 'utf8');
    const json = JSON.parse(original);
    delete json.features.action;
    await writeFile(info, JSON.stringify(json));
    try {
      const e = await loadDataset(join(root, 'ds')).catch((x) => x);
      expect(isPraxisError(e) && e.code).toBe(ErrorCodes.DATASET_INCOMPATIBLE);
      expect(e.message).toMatch(/no 'action' feature/);
    } finally {
      await writeFile(info, original);
    }
  });

  it('names a missing observation feature and lists the ones there are', async () => {
    const e = await loadDataset(join(root, 'ds'), { obsFeatures: ['observation.environment_state'] }).catch((x) => x);
    expect(e.code).toBe(ErrorCodes.DATASET_INCOMPATIBLE);
    expect(e.hint).toMatch(/observation\.state/);
  });
});
