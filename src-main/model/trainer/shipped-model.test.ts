// The base model the app ships (models/sim-arm) against the simulator it was trained on, on episodes it has
// never seen: a seed the recipe does not use. If the sim's physics, the scripts or the observation layout
// drift from what the model learnt, the shipped weights stop predicting the arm, and this says so before a
// user's planner does. Measured on 24 fresh episodes: 0.82 / 0.41 / 0.41 × linear at k = 1 / 5 / 10 and
// goal ρ 0.65 (another seed: 0.80 / 0.35 / 0.36, ρ 0.65); the bars sit under those.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateModelOnDataset } from './model-eval';
import { recordSimEpisodes } from './sim-data';

const SHIPPED = resolve(import.meta.dirname, '../../../models/sim-arm');
/** Not the recipe's seed (7): these episodes are new to the model. */
const FRESH_SEED = 2027;

let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the shipped sim-arm model', () => {
  it('predicts fresh sim episodes 1, 5 and 10 blocks ahead below both baselines, with latents that did not collapse', async () => {
    dir = await mkdtemp(join(tmpdir(), 'praxis-shipped-'));
    const dataset = join(dir, 'fresh');
    await recordSimEpisodes(dataset, { episodes: 24, seed: FRESH_SEED });
    // Every episode scored; the linear baseline is fitted on the very episodes it is scored on, which
    // only makes it harder to beat.
    const r = await evaluateModelOnDataset(SHIPPED, dataset, { split: 'all', threads: 1 });
    expect(r.k).toEqual([1, 5, 10]);
    r.k.forEach((k, i) => {
      expect(r.model[i], `k=${k} vs no change`).toBeLessThan(0.25 * r.noChange[i]);
      expect(r.model[i], `k=${k} vs linear`).toBeLessThan((k === 1 ? 0.9 : 0.5) * r.linear[i]);
    });
    expect(r.collapse.effectiveRank).toBeGreaterThanOrEqual(0.5 * r.collapse.dim);
    expect(r.goal?.episodes, 'successful demonstrations among the fresh episodes').toBeGreaterThan(5);
    expect(r.goal?.mean, 'latent distance to the goal falls along successful demonstrations').toBeGreaterThan(0.4);
  }, 120_000);
});
