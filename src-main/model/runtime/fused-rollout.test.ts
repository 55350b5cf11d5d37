import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FusedRollout } from './fused-rollout';
import { WorldModel } from './world-model';

// The shipped model: the fused rollout must reproduce its step-by-step rollout and probe exactly.
const dir = join(__dirname, '../../../models/sim-arm');
let world: WorldModel;
let fused: FusedRollout;

beforeAll(async () => {
  world = await WorldModel.load(dir, { threads: 1 });
  const f = await FusedRollout.open(dir, world.card, { threads: 1 });
  if (!f) throw new Error('the shipped model has weights and a recipe');
  fused = f;
});
afterAll(async () => {
  await fused?.dispose();
  await world?.dispose();
});

function wave(n: number, phase: number, mean: readonly number[], scale: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => mean[i % mean.length] + scale * Math.sin(i * 0.37 + phase));
}

describe('FusedRollout', () => {
  it.each([1, 2, 3])('matches the step-by-step rollout and the probe with %i context latents', async (c) => {
    const card = world.card;
    const N = 7;
    const H = 5;
    const B = world.blockDim;
    const obs = wave(c * card.dims.obsDim, 0.3, card.normaliser.obsMean, 0.2);
    const ctx = await world.encode(obs);
    const ctxActs = wave((c - 1) * B, 1.1, card.normaliser.actMean, 0.3);
    const cand = wave(N * H * B, 2.0, card.normaliser.actMean, 0.4);
    const reference = await world.rollout({ latents: ctx, actions: ctxActs }, cand, H);
    const decoded = await world.decode(reference);
    const out = await fused.run(ctx, ctxActs, cand, N, H);
    expect(out.latents.length).toBe(reference.length);
    let worst = 0;
    for (let i = 0; i < reference.length; i++) worst = Math.max(worst, Math.abs(out.latents[i] - reference[i]));
    expect(worst).toBeLessThan(1e-4);
    let worstObs = 0;
    for (let i = 0; i < decoded.length; i++) worstObs = Math.max(worstObs, Math.abs(out.observations[i] - decoded[i]));
    expect(worstObs).toBeLessThan(1e-4);
  });

  it('tells a context of the wrong width apart', async () => {
    await expect(fused.run(new Float32Array(47), new Float32Array(0), new Float32Array(2 * 5 * world.blockDim), 2, 5)).rejects.toThrow(/context latents/);
  });
});
