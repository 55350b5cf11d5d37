// `praxis model eval`: score a model directory on a dataset the way training validates — k-step error in
// joint units beside the no-change and linear baselines, collapse diagnostics, and the goal ranking along
// successful demonstrations. The linear baseline never sees the episodes it is scored on: it is fitted on
// the split's training episodes, or, scoring every episode (--split all), cross-fitted over folds.
import { ErrorCodes, PraxisError } from '../../api';
import { modelJointUnit } from '../runtime/model-card';
import { WorldModel } from '../runtime/world-model';
import { linearDynamicsCrossFit, linearDynamicsFit } from './baselines';
import { trajectorySetAtModelRate, unitsCheck } from './data-fit';
import { loadDataset } from './dataset-loader';
import { type EvalReport, evalDataPrepare, evaluate, windowsThin } from './evaluation';
import { normaliserCheck } from './normaliser';
import { normaliseSet } from './run-state';
import { splitEpisodes, type WindowSpec, windowsOf, windowsRequire } from './windows';

export interface ModelEvalOptions {
  k?: number[];
  /** Score on the held-out split (default, same seed and fraction as training) or on every episode. */
  split?: 'validation' | 'all';
  valFraction?: number;
  seed?: number;
  maxWindows?: number;
  threads?: number;
}

export async function evaluateModelOnDataset(modelDir: string, dataset: string, o: ModelEvalOptions = {}): Promise<EvalReport & { model_dir: string; dataset: string }> {
  const wm = await WorldModel.load(modelDir, { threads: o.threads });
  try {
    const card = wm.card;
    const train = (card.train ?? {}) as { valFraction?: number; seed?: number; evalK?: number[] };
    const feats = (card.data as { obsFeatures?: string[] } | undefined)?.obsFeatures;
    const d = await loadDataset(dataset, { obsFeatures: feats });
    normaliserCheck(card.normaliser, d.set.obsDim, d.set.actDim);
    unitsCheck(modelJointUnit(card), d.set.jointUnit ?? 'rad', dataset);
    // The model's dynamics are per frame at its own rate: a faster dataset is resampled, a slower one refused.
    d.set = trajectorySetAtModelRate(d.set, card.fps, dataset).set;
    const k = o.k ?? train.evalK ?? [1, 5, 10];
    const n = d.set.trajectories.length;
    const split = o.split === 'all' ? { train: [...Array(n).keys()], val: [...Array(n).keys()] } : splitEpisodes(n, o.valFraction ?? train.valFraction ?? 0.1, o.seed ?? train.seed ?? 0);
    if (split.val.length === 0) throw new PraxisError(ErrorCodes.DATASET_INCOMPATIBLE, `${dataset} has too few episodes to hold one out`, 'Evaluate with --split all, or record more episodes.');
    const norm = normaliseSet(d.set, card.normaliser);
    const spec: WindowSpec = { history: card.dims.history, horizon: Math.max(...k), frameskip: card.dims.frameskip };
    const refs = windowsOf(norm, split.val, spec, card.dims.frameskip);
    windowsRequire(refs, spec, 'evaluation');
    const lin = o.split === 'all' ? linearDynamicsCrossFit(norm, split.train, card.dims.frameskip) : linearDynamicsFit(norm, split.train, card.dims.frameskip);
    const successful = new Set(d.successful);
    const goals = split.val.map((i) => d.set.trajectories[i]).filter((t) => successful.has(t.episode));
    const data = evalDataPrepare(d.set, norm, windowsThin(refs, o.maxWindows ?? 1024), spec, k, lin, card.normaliser, o.split === 'all' ? 'training' : 'validation', goals);
    const stepsDone = (card.train as { stepsDone?: number } | undefined)?.stepsDone ?? 0;
    return { ...(await evaluate(wm, data, stepsDone)), model_dir: modelDir, dataset };
  } finally {
    await wm.dispose();
  }
}

