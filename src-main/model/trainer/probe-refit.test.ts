import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adamw, buildTrainStep } from '../engine';
import type { JepaConfig } from '../jepa/config';
import { exportInferenceModels } from '../jepa/export';
import { buildTrainGraph } from '../jepa/jepa-graph';
import { PRESETS } from '../jepa/presets';
import { WorldModel } from '../runtime/world-model';
import { modelCardBuild } from './card-build';
import { PREDICTED_SHARE, PROBE_PREFIX, pairRowSampler, type ProbePairs, probePairsCollect, probeRefit } from './probe-refit';
import { normaliseSet } from './run-state';
import { syntheticData } from './testing/synthetic';
import { type WindowSpec, windowsOf } from './windows';

const data = syntheticData({ episodes: 3, length: 60, seed: 5 });
const cfg: JepaConfig = { ...PRESETS.tiny.model, obsDim: data.set.obsDim, actDim: data.set.actDim };
const train = { ...PRESETS.tiny.train, probeSteps: 150, probeLr: 3e-3, seed: 2 };
const spec: WindowSpec = { history: cfg.history, horizon: 1, frameskip: cfg.frameskip };
const norm = normaliseSet(data.set, data.normaliser);
const refs = windowsOf(norm, [0, 1, 2], spec);
const exportBatch = { encoder: 32, predictor: 32, probe: 32 };
let wm: WorldModel;
let weights: Record<string, Float32Array>;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'praxis-probe-'));
  // An untrained model is enough: the refit must fit the probe to whatever latents the shipped model makes.
  const tg = buildTrainGraph(cfg, { batch: 8, sigregWeight: 0.09, sigregDirections: 8, seed: 1 });
  const trainer = await buildTrainStep(tg.g, { optimizer: adamw({ weightDecay: 1e-3 }), threads: 1 });
  weights = { ...(trainer.getParams() as Record<string, Float32Array>), ...(trainer.getBuffers() as Record<string, Float32Array>) };
  const card = modelCardBuild({ name: 'test', description: '', config: cfg, train, stepsDone: 0, normaliser: data.normaliser, set: data.set, data: {}, metrics: null, params: trainer.getParams(), exportBatch });
  await trainer.dispose();
  wm = await WorldModel.open(card, exportInferenceModels(cfg, weights, exportBatch), { threads: 1 });
});
afterAll(async () => {
  await wm?.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** Mean absolute error, in normalised units, of the shipped probe (or one with the given probe weights) over the pairs. */
async function probeError(pairs: ProbePairs, probe?: Record<string, Float32Array>): Promise<number> {
  const model = probe ? await WorldModel.open(wm.card, exportInferenceModels(cfg, { ...weights, ...probe }, exportBatch), { threads: 1 }) : wm;
  const raw = await model.decode(pairs.latents);
  if (probe) await model.dispose();
  let s = 0;
  for (let i = 0; i < raw.length; i++) {
    const d = i % cfg.obsDim;
    s += Math.abs((raw[i] - data.normaliser.obsMean[d]) / data.normaliser.obsStd[d] - pairs.targets[i]);
  }
  return s / raw.length;
}

async function pairsOf(): Promise<ProbePairs> {
  const pairs = await probePairsCollect(wm, data.set, norm, refs, spec, () => false);
  if (!pairs) throw new Error('no pairs were collected');
  return pairs;
}

describe('the probe refit', () => {
  it('pairs each frame of a window with the shipped encoder latent, and the frame after the history with the predictor latent', async () => {
    const pairs = await pairsOf();
    const T = cfg.history + 1;
    expect(pairs.count).toBe(refs.length * (T + 1));
    expect(pairs.rowsPerWindow).toBe(T + 1);
    const Z = cfg.latentDim;
    const D = cfg.obsDim;
    const w = 7;
    const ref = refs[w];
    const traj = data.set.trajectories[ref.traj];
    const frames = Array.from({ length: T }, (_, t) => traj.observation.subarray((ref.start + t * cfg.frameskip) * D, (ref.start + t * cfg.frameskip + 1) * D));
    const encoded = await wm.encode(Float32Array.from(frames.flatMap((f) => Array.from(f))));
    for (let t = 0; t < T; t++) {
      const row = w * (T + 1) + t;
      expect(Array.from(pairs.latents.subarray(row * Z, (row + 1) * Z))).toEqual(Array.from(encoded.subarray(t * Z, (t + 1) * Z)));
      for (let d = 0; d < D; d++) expect(pairs.targets[row * D + d]).toBeCloseTo((frames[t][d] - data.normaliser.obsMean[d]) / data.normaliser.obsStd[d], 5);
    }
    // The predicted row: the history's latents and the recorded blocks through the shipped predictor.
    const A = wm.blockDim;
    const acts = traj.action.subarray(ref.start * cfg.actDim, (ref.start + cfg.history * cfg.frameskip) * cfg.actDim);
    const predicted = await wm.rollout({ latents: encoded.subarray(0, cfg.history * Z), actions: acts.subarray(0, (cfg.history - 1) * A) }, acts.slice((cfg.history - 1) * A), 1);
    const row = w * (T + 1) + T;
    for (let i = 0; i < Z; i++) expect(pairs.latents[row * Z + i]).toBeCloseTo(predicted[i], 5);
    expect(Array.from(pairs.targets.subarray(row * D, (row + 1) * D))).toEqual(Array.from(pairs.targets.subarray((row - 1) * D, row * D)));
  });

  it('draws predicted rows for PREDICTED_SHARE of each batch and reaches every encoded row', () => {
    const pairs = { count: 200 * 5, rowsPerWindow: 5 };
    const next = pairRowSampler(pairs, 3);
    const hits = new Uint32Array(pairs.count);
    const draws = 40000;
    for (let i = 0; i < draws; i++) hits[next()]++;
    let predicted = 0;
    for (let r = 0; r < pairs.count; r++) {
      if (r % 5 === 4) predicted += hits[r];
      else expect(hits[r], `encoded row ${r}`).toBeGreaterThan(0);
    }
    expect(predicted / draws).toBeCloseTo(PREDICTED_SHARE, 1);
  });

  it('returns new probe weights only, which decode the shipped latents better than the trained probe', async () => {
    const pairs = await pairsOf();
    const probe = await probeRefit({ cfg, train, weights, wm, raw: data.set, norm, refs, spec, threads: 1, tmpFile: join(dir, 'refit.tmp'), cancelled: () => false });
    if (!probe) throw new Error('the refit returned no probe');
    expect(Object.keys(probe).sort()).toEqual(Object.keys(weights).filter((n) => n.startsWith(PROBE_PREFIX)).sort());
    for (const [n, v] of Object.entries(probe)) expect(v.length).toBe(weights[n].length);
    expect(await probeError(pairs, probe)).toBeLessThan(0.7 * (await probeError(pairs)));
  });

  it('stops without weights when cancelled, and does nothing when it has no steps', async () => {
    let calls = 0;
    const cancelled = () => ++calls > 2;
    expect(await probeRefit({ cfg, train, weights, wm, raw: data.set, norm, refs, spec, threads: 1, tmpFile: join(dir, 'c.tmp'), cancelled })).toBeNull();
    expect(await probeRefit({ cfg, train: { ...train, probeSteps: 0 }, weights, wm, raw: data.set, norm, refs, spec, threads: 1, tmpFile: join(dir, 'z.tmp'), cancelled: () => false })).toBeNull();
  });
});
