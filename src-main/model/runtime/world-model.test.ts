import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../api';
import { adamw, buildTrainStep } from '../engine';
import type { JepaConfig } from '../jepa/config';
import { exportInferenceModels } from '../jepa/export';
import { buildTrainGraph } from '../jepa/jepa-graph';
import { PRESETS } from '../jepa/presets';
import { modelCardBuild } from '../trainer/card-build';
import { MODEL_CARD_FILE, modelCardParse, ONNX_FILES } from './model-card';
import { WorldModel } from './world-model';

const cfg: JepaConfig = { ...PRESETS.tiny.model, obsDim: 3, actDim: 1 };
let dir: string;
let card: ReturnType<typeof modelCardBuild>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'praxis-wm-'));
  const tg = buildTrainGraph(cfg, { batch: 8, sigregWeight: 0.09, sigregDirections: 8, seed: 1 });
  const trainer = await buildTrainStep(tg.g, { optimizer: adamw({}), threads: 1 });
  const w = { ...trainer.getParams(), ...trainer.getBuffers() };
  const models = exportInferenceModels(cfg, w, { encoder: 4, predictor: 4, probe: 4 });
  card = modelCardBuild({
    name: 'tiny-test',
    description: '',
    config: cfg,
    train: PRESETS.tiny.train,
    stepsDone: 0,
    normaliser: { obsMean: [1, 2, 3], obsStd: [2, 2, 2], actMean: [0.5], actStd: [0.25] },
    set: { obsNames: ['a.pos', 'b.pos', 'c'], actNames: ['a.pos'], jointDims: [0, 1], fps: 30, obsFeatures: ['observation.state'] },
    data: {},
    metrics: null,
    params: trainer.getParams(),
    exportBatch: { encoder: 4, predictor: 4, probe: 4 },
  });
  await writeFile(join(dir, ONNX_FILES.encoder), models.encoder);
  await writeFile(join(dir, ONNX_FILES.predictor), models.predictor);
  await writeFile(join(dir, ONNX_FILES.probe), models.probe);
  await writeFile(join(dir, MODEL_CARD_FILE), JSON.stringify(card));
  await trainer.dispose();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the model card', () => {
  it('accepts the card a training run writes', () => {
    expect(modelCardParse(JSON.parse(JSON.stringify(card))).dims.latentDim).toBe(16);
  });

  it('names every missing or contradictory field', () => {
    expect(() => modelCardParse({ format: 'praxis-world-model/1' })).toThrow(/dims/);
    const bad = { ...card, obsNames: ['only-one'] };
    expect(() => modelCardParse(bad)).toThrow(/obsNames has 1 names for 3 dims/);
    const zeroStd = { ...card, normaliser: { ...card.normaliser, obsStd: [1, 0, 1] } };
    expect(() => modelCardParse(zeroStd)).toThrow(/std is not positive/);
  });
});

describe('WorldModel', () => {
  it('loads a model directory and runs every row of a batch that is not a multiple of the export batch', async () => {
    const wm = await WorldModel.load(dir, { threads: 1 });
    expect(wm.predictorBatch).toBe(4);
    const obs = Float32Array.from({ length: 7 * 3 }, (_, i) => Math.sin(i));
    const z = await wm.encode(obs);
    expect(z.length).toBe(7 * 16);
    // Row 5 encodes the same alone as within the batch (padding never leaks into real rows).
    const alone = await wm.encode(obs.subarray(15, 18));
    alone.forEach((v, i) => {
      expect(v).toBeCloseTo(z[5 * 16 + i], 5);
    });
    const back = await wm.decode(z);
    expect(back.length).toBe(7 * 3);
    await wm.dispose();
  });

  it('refuses observations of the wrong width and rollouts with a malformed context', async () => {
    const wm = await WorldModel.load(dir, { threads: 1 });
    await expect(wm.encode(new Float32Array(4))).rejects.toMatchObject({ code: ErrorCodes.INVALID_ARGUMENT });
    const cand = new Float32Array(2 * 3 * wm.blockDim);
    await expect(wm.rollout({ latents: new Float32Array(5 * 16) }, cand, 3)).rejects.toMatchObject({ code: ErrorCodes.INVALID_ARGUMENT });
    await expect(wm.rollout({ latents: new Float32Array(2 * 16) }, cand, 3)).rejects.toThrow(/1 action blocks/);
    await expect(wm.predict({ length: 10, observation: new Float32Array(40), action: new Float32Array(10) }, 2)).rejects.toMatchObject({ code: ErrorCodes.MODEL_INCOMPATIBLE });
    await wm.dispose();
  });

  it('refuses a card whose dimensions do not match the ONNX files, and a folder without a card', async () => {
    const other = await mkdtemp(join(tmpdir(), 'praxis-wm-'));
    try {
      await expect(WorldModel.load(other)).rejects.toMatchObject({ code: ErrorCodes.MODEL_INCOMPATIBLE });
      const lying = { ...card, dims: { ...card.dims, latentDim: 8 } };
      await expect(
        WorldModel.open(lying, { encoder: join(dir, ONNX_FILES.encoder), predictor: join(dir, ONNX_FILES.predictor) }, { threads: 1 }),
      ).rejects.toThrow(/axis 2 is 16, the card says 8/);
      await writeFile(join(other, ONNX_FILES.encoder), 'not an onnx model');
      await expect(WorldModel.open(card, { encoder: join(other, ONNX_FILES.encoder), predictor: join(dir, ONNX_FILES.predictor) })).rejects.toMatchObject({
        code: ErrorCodes.MODEL_INCOMPATIBLE,
      });
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
