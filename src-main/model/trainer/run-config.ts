// What a run trains and with what: the preset's model and recipe for a new model; the base model's
// architecture, normaliser and weights for a fine-tune (its data checked for units and brought to its frame
// rate); or the checkpoint's own settings when resuming.
import { join } from 'node:path';
import { ErrorCodes, PraxisError } from '../../api';
import { readCheckpointFile } from '../engine';
import type { JepaConfig, Preset, TrainConfig } from '../jepa/config';
import { FINETUNE, PRESETS } from '../jepa/presets';
import { modelJointUnit } from '../runtime/model-card';
import { trajectorySetAtModelRate, unitsCheck } from './data-fit';
import { LAST_CHECKPOINT, modelCardRead, weightsRead } from './model-files';
import { type Normaliser, normaliserCheck } from './normaliser';
import { RUN_STATE_FORMAT, type RunState } from './run-state';
import type { TrajectorySet } from './trajectories';
import type { InMemoryData, TrainingRequest } from './training-run';

export interface RunConfig {
  preset: Preset;
  cfg: JepaConfig;
  normaliser: Normaliser;
  initWeights: Record<string, Float32Array> | null;
  train: TrainConfig;
  resumeState: RunState | null;
  lastPath: string;
  /** The data as the model sees it (resampled to a base model's frame rate). */
  set: TrajectorySet;
  /** Notes for the user before the first step. */
  warnings: string[];
}

export async function runConfigResolve(r: TrainingRequest, loaded: InMemoryData, ckptDir: string): Promise<RunConfig> {
  const warnings: string[] = [];
  let raw = loaded.set;
  const atRate = (fps: number) => {
    const a = trajectorySetAtModelRate(raw, fps, loaded.source);
    raw = a.set;
    if (a.note) warnings.push(a.note);
  };
  const preset = PRESETS[r.preset ?? 'sim-arm'];
  if (!preset) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Unknown preset '${r.preset}'`, `Presets: ${Object.keys(PRESETS).join(', ')}.`);
  let cfg: JepaConfig = { ...structuredClone(preset.model), ...structuredClone(r.model ?? {}), obsDim: raw.obsDim, actDim: raw.actDim };
  let normaliser = loaded.normaliser;
  let initWeights: Record<string, Float32Array> | null = null;
  if (r.init && !r.resume) {
    const card = await modelCardRead(r.init);
    const base = card.config as JepaConfig | undefined;
    if (!base?.encoder) throw new PraxisError(ErrorCodes.MODEL_INCOMPATIBLE, `${r.init} has no training configuration in its card`, 'Fine-tune a model trained by praxis train.');
    normaliserCheck(card.normaliser, raw.obsDim, raw.actDim);
    unitsCheck(modelJointUnit(card), raw.jointUnit ?? 'rad', loaded.source);
    atRate(card.fps);
    cfg = structuredClone(base);
    // Fine-tuning keeps the base normaliser: the encoder's input scale is part of what it learnt.
    normaliser = card.normaliser;
    initWeights = await weightsRead(r.init);
  }
  normaliserCheck(normaliser, raw.obsDim, raw.actDim);
  let train: TrainConfig = { ...preset.train, ...(r.init ? FINETUNE : {}), ...(r.train ?? {}) };

  let resumeState: RunState | null = null;
  const lastPath = join(ckptDir, LAST_CHECKPOINT);
  if (r.resume) {
    const ck = await readCheckpointFile(lastPath);
    const st = ck.config as RunState;
    if (st?.format !== RUN_STATE_FORMAT) throw new PraxisError(ErrorCodes.CHECKPOINT_MISMATCH, `${lastPath} was not written by the world-model trainer`, 'Start a new run without --resume.');
    if (st.model.obsDim !== raw.obsDim || st.model.actDim !== raw.actDim) {
      throw new PraxisError(ErrorCodes.CHECKPOINT_MISMATCH, `${lastPath} is for ${st.model.obsDim} observation / ${st.model.actDim} action values; this dataset has ${raw.obsDim} / ${raw.actDim}`, 'Resume with the dataset the run started on, or start a new run.');
    }
    // A resumed fine-tune sees its data at the rate it started with.
    if (st.data?.fps) atRate(st.data.fps);
    resumeState = st;
    cfg = st.model;
    normaliser = st.normaliser;
    train = { ...st.train, ...(r.train?.steps ? { steps: r.train.steps } : {}) };
  }
  return { preset, cfg, normaliser, initWeights, train, resumeState, lastPath, set: raw, warnings };
}
