// `praxis model export`: a training checkpoint (any of a run's, e.g. an earlier step) → a model directory
// with the three ONNX files, weights and a card, without retraining.
import { mkdir } from 'node:fs/promises';
import { ErrorCodes, PraxisError } from '../../api';
import { readCheckpointFile } from '../engine';
import type { ExportBatch } from '../jepa/export';
import { exportInferenceModels } from '../jepa/export';
import type { ModelCard } from '../runtime/model-card';
import { modelCardBuild } from './card-build';
import { modelDirWrite, type NamedWeights } from './model-files';
import { RUN_STATE_FORMAT, type RunState } from './run-state';
import { DEFAULT_EXPORT_BATCH } from './training-run';

export interface ExportOptions {
  batch?: ExportBatch;
  name?: string;
}

export async function exportCheckpoint(checkpoint: string, outDir: string, o: ExportOptions = {}): Promise<ModelCard> {
  const ck = await readCheckpointFile(checkpoint);
  const st = ck.config as RunState | null;
  if (st?.format !== RUN_STATE_FORMAT || !st.data) {
    throw new PraxisError(ErrorCodes.CHECKPOINT_MISMATCH, `${checkpoint} is not a world-model training checkpoint`, 'Pick a file from a run directory written by praxis train (checkpoints/*.safetensors).', { file: checkpoint });
  }
  const named: NamedWeights = {};
  const flat: Record<string, Float32Array> = {};
  for (const [n, p] of Object.entries({ ...ck.params, ...ck.buffers })) {
    const data = p.data instanceof Float32Array ? p.data : Float32Array.from(p.data);
    named[n] = { shape: p.shape, data };
    flat[n] = data;
  }
  const batch = o.batch ?? DEFAULT_EXPORT_BATCH;
  const models = exportInferenceModels(st.model, flat, batch);
  const params = Object.fromEntries(Object.entries(ck.params).map(([n, p]) => [n, p.data]));
  const card = modelCardBuild({
    name: o.name ?? `export-step-${ck.step}`,
    description: `Exported from ${checkpoint} at step ${ck.step}.`,
    config: st.model,
    train: st.train,
    stepsDone: ck.step,
    normaliser: st.normaliser,
    set: st.data,
    data: { checkpoint },
    metrics: null,
    params,
    exportBatch: batch,
    initFrom: st.initFrom,
  });
  await mkdir(outDir, { recursive: true });
  await modelDirWrite(outDir, card, models, named);
  return card;
}
