import { describe, expect, it } from 'vitest';
import { adamw, buildTrainStep } from '../engine';
import { IO_NAMES, WorldModel } from '../runtime/world-model';
import { modelCardBuild } from '../trainer/card-build';
import { normalSource } from '../trainer/seeded-random';
import type { JepaConfig } from './config';
import { exportInferenceModels } from './export';
import { buildTrainGraph, IO, LOSS } from './jepa-graph';
import { PRESETS } from './presets';
import { unitColumns } from './sigreg-reference';

const cfg: JepaConfig = { ...PRESETS.tiny.model, obsDim: 4, actDim: 2 };
const B = 16;
const M = 32;

function feeds(seed: number) {
  const n = normalSource(seed);
  const dirs = Float32Array.from({ length: cfg.latentDim * M }, () => n());
  unitColumns(dirs, cfg.latentDim, M);
  return {
    [IO.obs]: Float32Array.from({ length: B * 4 * cfg.obsDim }, () => n()),
    [IO.actions]: Float32Array.from({ length: B * 3 * cfg.frameskip * cfg.actDim }, () => n()),
    [IO.directions]: dirs,
  };
}

async function trainedBriefly() {
  const tg = buildTrainGraph(cfg, { batch: B, sigregWeight: 0.09, sigregDirections: M, seed: 3 });
  const trainer = await buildTrainStep(tg.g, { optimizer: adamw({ weightDecay: 1e-3 }), clipNorm: 1, threads: 1 });
  for (let s = 0; s < 5; s++) await trainer.step(feeds(s), 1e-3);
  return { tg, trainer };
}

async function graphLatents(tg: Awaited<ReturnType<typeof trainedBriefly>>['tg'], trainer: Awaited<ReturnType<typeof trainedBriefly>>['trainer'], f: ReturnType<typeof feeds>) {
  return (await trainer.forward({ z: tg.latents }, f, 'eval')).z;
}

function card(weights: Record<string, ArrayLike<number>>) {
  const names = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${i}`);
  return modelCardBuild({
    name: 'test',
    description: '',
    config: cfg,
    train: PRESETS.tiny.train,
    stepsDone: 5,
    normaliser: { obsMean: [0, 0, 0, 0], obsStd: [1, 1, 1, 1], actMean: [0, 0], actStd: [1, 1] },
    set: { obsNames: names('o', 4), actNames: names('a', 2), jointDims: [0, 1], fps: 30, obsFeatures: ['observation.state'] },
    data: {},
    metrics: null,
    params: weights,
    exportBatch: { encoder: 8, predictor: 8, probe: 8 },
  });
}

describe('JEPA training graph', () => {
  it('has the three loss terms of the recipe, SIGReg weighted by λ', () => {
    const tg = buildTrainGraph(cfg, { batch: B, sigregWeight: 0.09, sigregDirections: M, seed: 0 });
    expect(tg.g.losses.map((l) => [l.name, l.weight])).toEqual([
      [LOSS.pred, 1],
      [LOSS.sigreg, 0.09],
      [LOSS.probe, 1],
    ]);
  });

  it('starts every predictor block as the identity: AdaLN modulation weights are zero', () => {
    const tg = buildTrainGraph(cfg, { batch: B, sigregWeight: 0.09, sigregDirections: M, seed: 0 });
    const mod = tg.g.params.filter((p) => p.tensor.name.includes('.adaln.'));
    expect(mod.length).toBe(2 * cfg.predictor.depth);
    for (const p of mod) expect(p.init.every((v) => v === 0)).toBe(true);
  });

  it('keeps the probe from shaping the latent: its loss sends no gradient into the encoder', async () => {
    const { gradients } = await import('../engine');
    const tg = buildTrainGraph(cfg, { batch: B, sigregWeight: 0.09, sigregDirections: M, seed: 0 });
    const probeLoss = tg.g.losses.find((l) => l.name === LOSS.probe)?.tensor;
    const params = tg.g.params.map((p) => p.tensor);
    const grads = gradients(tg.g, probeLoss as never, params);
    params.forEach((p, i) => {
      if (!p.name.startsWith('probe.')) expect(grads[i], p.name).toBeNull();
    });
  });
});

describe('exported inference models', () => {
  it('reproduce the trained graph, and the predictor is causal', async () => {
    const { tg, trainer } = await trainedBriefly();
    const weights = { ...trainer.getParams(), ...trainer.getBuffers() };
    const models = exportInferenceModels(cfg, weights, { encoder: 8, predictor: 8, probe: 8 });
    const wm = await WorldModel.open(card(trainer.getParams()), models, { threads: 1 });
    const f = feeds(9);
    // The first window's first three observations, through the training graph (eval mode) and the export.
    const obs = f[IO.obs].slice(0, 3 * cfg.obsDim);
    const z = await wm.encode(obs);
    const zGraph = await graphLatents(tg, trainer, f);
    z.forEach((v, i) => {
      expect(v).toBeCloseTo(zGraph[i], 4);
    });
    const n = normalSource(10);
    const A = wm.blockDim;
    const blocks = Float32Array.from({ length: 2 * A }, () => n());
    const cand = Float32Array.from({ length: 4 * A }, () => n());
    // One candidate, contexts of 1 and 3 latents; predicting from the first latent alone must not depend on
    // what the later context positions would have held (causality), so a full-context rollout's first
    // latent differs from a one-latent rollout's only through the extra context.
    const one = await wm.rollout({ latents: z.subarray(0, cfg.latentDim) }, cand, 4);
    const oneAgain = await wm.rollout({ latents: z.subarray(0, cfg.latentDim) }, cand, 4);
    expect(Array.from(one)).toEqual(Array.from(oneAgain));
    const full = await wm.rollout({ latents: z, actions: blocks }, cand, 4);
    expect(full.length).toBe(4 * cfg.latentDim);
    expect(Array.from(full).some((v, i) => Math.abs(v - one[i]) > 1e-6)).toBe(true);
    await wm.dispose();
    await trainer.dispose();
  });

  it('gives the same rollouts whether candidates fit one call or are split and padded', async () => {
    const { trainer } = await trainedBriefly();
    const weights = { ...trainer.getParams(), ...trainer.getBuffers() };
    const small = await WorldModel.open(card(trainer.getParams()), exportInferenceModels(cfg, weights, { encoder: 8, predictor: 3, probe: 8 }), { threads: 1 });
    const large = await WorldModel.open(card(trainer.getParams()), exportInferenceModels(cfg, weights, { encoder: 8, predictor: 16, probe: 8 }), { threads: 1 });
    const n = normalSource(2);
    const z = await small.encode(Float32Array.from({ length: cfg.obsDim }, () => n()));
    const cand = Float32Array.from({ length: 10 * 5 * small.blockDim }, () => n());
    const a = await small.rollout({ latents: z }, cand, 5);
    const b = await large.rollout({ latents: z }, cand, 5);
    expect(a.length).toBe(10 * 5 * cfg.latentDim);
    a.forEach((v, i) => {
      expect(v).toBeCloseTo(b[i], 4);
    });
    // Candidate 7 alone rolls out as it did among the others.
    const seven = await large.rollout({ latents: z }, cand.subarray(7 * 5 * small.blockDim, 8 * 5 * small.blockDim), 5);
    seven.forEach((v, i) => {
      expect(v).toBeCloseTo(b[7 * 5 * cfg.latentDim + i], 4);
    });
    const decoded = await large.decode(b.subarray(0, cfg.latentDim));
    expect(decoded.length).toBe(cfg.obsDim);
    expect(IO_NAMES.predictor.output).toBe('predicted');
    await small.dispose();
    await large.dispose();
    await trainer.dispose();
  });
});
