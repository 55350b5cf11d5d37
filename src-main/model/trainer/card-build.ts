// The model card a training run writes: the runtime's interface, plus where the model came from and how it
// scores, so a user (and the Train panel) can judge it without running anything.
import type { JepaConfig, TrainConfig } from '../jepa/config';
import { type ModelCard, MODEL_CARD_FORMAT } from '../runtime/model-card';
import type { EvalReport } from './evaluation';
import type { Normaliser } from './normaliser';
import type { TrajectorySet } from './trajectories';

export const REFERENCES = [
  'Maes, Le Lidec, Scieur, LeCun, Balestriero. LeWorldModel: Stable End-to-End Joint-Embedding Predictive Architecture from Pixels. arXiv:2603.19312 (2026); code: github.com/lucas-maes/le-wm',
  'Balestriero, LeCun. LeJEPA: Provable and Scalable Self-Supervised Learning Without the Heuristics. arXiv:2511.08544 (2025)',
];

const COMPONENTS = ['encoder', 'projector', 'action_encoder', 'predictor', 'pred_proj', 'probe'] as const;

/** Parameter counts per component, from named weights. */
export function parameterCounts(params: Record<string, ArrayLike<number>>): Record<string, number> & { total: number } {
  const out: Record<string, number> = Object.fromEntries(COMPONENTS.map((c) => [c, 0]));
  let total = 0;
  for (const [name, v] of Object.entries(params)) {
    const c = name.slice(0, name.indexOf('.'));
    out[c] = (out[c] ?? 0) + v.length;
    total += v.length;
  }
  return { ...out, total };
}

export interface CardInputs {
  name: string;
  description: string;
  config: JepaConfig;
  train: TrainConfig;
  stepsDone: number;
  normaliser: Normaliser;
  set: Pick<TrajectorySet, 'obsNames' | 'actNames' | 'jointDims' | 'fps' | 'obsFeatures' | 'obsUnits' | 'actUnits' | 'jointUnit'>;
  data: Record<string, unknown>;
  metrics: EvalReport | null;
  params: Record<string, ArrayLike<number>>;
  exportBatch: { encoder: number; predictor: number; probe: number };
  initFrom?: string | null;
  trainingSeconds?: number;
}

export function modelCardBuild(i: CardInputs): ModelCard {
  const c = i.config;
  return {
    format: MODEL_CARD_FORMAT,
    name: i.name,
    description: i.description,
    createdAt: new Date().toISOString(),
    architecture: 'jepa (LeWorldModel recipe): state-MLP encoder + BatchNorm projector, AdaLN-zero causal transformer predictor, SIGReg, stop-gradient probe',
    dims: { obsDim: c.obsDim, actDim: c.actDim, latentDim: c.latentDim, history: c.history, frameskip: c.frameskip },
    obsNames: i.set.obsNames,
    actNames: i.set.actNames,
    jointDims: i.set.jointDims,
    units: {
      observation: i.set.obsUnits ?? i.set.obsNames.map(() => 'rad'),
      action: i.set.actUnits ?? i.set.actNames.map(() => 'rad'),
      joint: i.set.jointUnit ?? 'rad',
    },
    fps: i.set.fps,
    normaliser: i.normaliser,
    hasProbe: true,
    io: {
      'encoder.onnx': { inputs: { observation: ['N', c.obsDim] }, outputs: { latent: ['N', c.latentDim] }, batch: i.exportBatch.encoder },
      'predictor.onnx': {
        inputs: { latents: ['N', c.history, c.latentDim], actions: ['N', c.history, c.frameskip * c.actDim] },
        outputs: { predicted: ['N', c.history, c.latentDim] },
        batch: i.exportBatch.predictor,
        note: 'causal: predicted[:, t] is the latent after latents[:, t] under action block actions[:, t]; inputs normalised with the card normaliser',
      },
      'probe.onnx': { inputs: { latent: ['N', c.latentDim] }, outputs: { observation: ['N', c.obsDim] }, batch: i.exportBatch.probe },
    },
    config: c,
    train: { ...i.train, stepsDone: i.stepsDone, seconds: i.trainingSeconds ?? null, initFrom: i.initFrom ?? null },
    data: { ...i.data, obsFeatures: i.set.obsFeatures },
    metrics: i.metrics,
    sizes: { parameters: parameterCounts(i.params) },
    references: REFERENCES,
  };
}
