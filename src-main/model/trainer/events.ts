// What a training run reports, in order: started, then progress / evaluation / checkpoint events (and
// paused / resumed), then exactly one finished. Plain data: they cross the worker boundary and the wire.
import type { PraxisErrorData } from '../../api';
import type { JepaConfig, TrainConfig } from '../jepa/config';
import type { EvalReport } from './evaluation';

export interface TrainingStarted {
  type: 'started';
  outDir: string;
  config: JepaConfig;
  train: TrainConfig;
  parameters: number;
  episodes: { train: number; validation: number };
  trainWindows: number;
  frames: number;
  resumedFrom: number | null;
  initFrom: string | null;
  /** Said before the first step: the dataset resampled to the model's rate, too small for the steps asked… */
  warnings: string[];
}

export interface TrainingProgress {
  type: 'progress';
  step: number;
  totalSteps: number;
  /** Weighted total: pred + λ·sigreg + probe. */
  loss: number;
  /** Every loss term, unweighted: pred, sigreg, probe. */
  terms: Record<string, number>;
  gradNorm: number;
  lr: number;
  samplesPerSecond: number;
  etaSeconds: number;
  /** Steps skipped so far because the loss or gradient was not finite. */
  skippedSteps: number;
}

export interface TrainingEvaluation {
  type: 'evaluation';
  report: EvalReport;
  score: number;
  best: boolean;
}

export interface TrainingCheckpoint {
  type: 'checkpoint';
  step: number;
  path: string;
  kind: 'last' | 'best' | 'step';
}

/** The probe refit after training (see probe-refit.ts): its own short progress, after the last training step. */
export interface TrainingProbeRefit {
  type: 'probe-refit';
  step: number;
  totalSteps: number;
  /** Probe loss (mean absolute error, normalised units) of this step. */
  probeLoss: number;
}

export type FinishReason = 'completed' | 'early-stop' | 'cancelled' | 'failed';

/**
 * What the run achieved, judged on the validation episodes: `ok` false (shown in red) when a fine-tune
 * never beat the model it started from (nothing is exported; that model stays the one to use), or when the
 * exported model predicts worse than assuming nothing moves.
 */
export interface TrainingVerdict {
  ok: boolean;
  kind: 'improved' | 'no-improvement' | 'worse-than-no-change' | 'no-model';
  message: string;
  /** Mean k-step joint error (in `unit`) of the model fine-tuning started from, of the best model tried, and of "no change". */
  baseScore: number | null;
  bestScore: number | null;
  noChangeScore: number | null;
  unit: string;
}
export interface TrainingFinished {
  type: 'finished';
  reason: FinishReason;
  step: number;
  /** The model directory, when a model was exported. */
  modelDir: string | null;
  /** Validation report of the exported model. */
  report: EvalReport | null;
  error?: PraxisErrorData;
  seconds: number;
  verdict?: TrainingVerdict;
}

export type TrainingEvent = TrainingStarted | TrainingProgress | TrainingEvaluation | TrainingCheckpoint | TrainingProbeRefit | { type: 'paused'; step: number } | { type: 'resumed'; step: number } | TrainingFinished;
