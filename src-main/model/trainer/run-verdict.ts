// The verdict a training run ends with, in plain words: did it produce a model worth using? A fine-tune is
// measured against the model it started from, on the same validation episodes; any model against "no
// change". A run that did not improve says so and names the model that stays in use.
import { jointErrorText } from '../../api';
import { type EvalReport, evalScore } from './evaluation';
import type { FinishReason, TrainingVerdict } from './events';

export interface VerdictInputs {
  reason: FinishReason;
  /** The model fine-tuning started from (null for a run from scratch). */
  initFrom: string | null;
  /** Its score on the validation episodes before any step. */
  baseScore: number | null;
  /** The lowest score any trained weights reached (the base model's evaluation excluded). */
  bestTriedScore: number | null;
  /** The report of the exported model, or null when nothing was exported. */
  exported: EvalReport | null;
  unit: string;
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

export function trainingVerdict(i: VerdictInputs): TrainingVerdict {
  const u = i.unit;
  const noChange = i.exported ? mean(i.exported.noChange) : null;
  const best = i.exported ? evalScore(i.exported) : i.bestTriedScore;
  const base = { baseScore: i.baseScore, bestScore: best, noChangeScore: noChange, unit: u };
  if (i.initFrom && !i.exported) {
    const tried = i.bestTriedScore === null ? 'no trained step was validated' : `its best, ${jointErrorText(i.bestTriedScore, u)}`;
    return {
      ok: false,
      kind: 'no-improvement',
      message: `Fine-tuning did not improve on ${i.initFrom} on the validation episodes (${tried}, against ${jointErrorText(i.baseScore ?? Number.NaN, u)} for the model it started from${i.reason === 'early-stop' ? '; it stopped early' : ''}). No model was exported: ${i.initFrom} stays the model to use.`,
      ...base,
    };
  }
  if (!i.exported) return { ok: false, kind: 'no-model', message: 'No model was exported.', ...base };
  const score = evalScore(i.exported);
  if (noChange !== null && score > noChange) {
    return {
      ok: false,
      kind: 'worse-than-no-change',
      message: `The exported model predicts worse than assuming nothing moves (${jointErrorText(score, u)} against ${jointErrorText(noChange, u)} mean k-step joint error): do not plan with it. Record more, or more varied, episodes.`,
      ...base,
    };
  }
  const against = i.initFrom && i.baseScore !== null ? `, against ${jointErrorText(i.baseScore, u)} for ${i.initFrom}` : '';
  // Not a failure, but worth knowing before planning with it: on some data a straight line does better.
  const linear = mean(i.exported.linear);
  const linearNote = score > linear ? `; linear dynamics fitted on the training episodes do better (${jointErrorText(linear, u)}): more data or steps may help` : '';
  return { ok: true, kind: 'improved', message: `Mean k-step joint error ${jointErrorText(score, u)} on the validation episodes${against} (no change: ${jointErrorText(noChange ?? Number.NaN, u)})${linearNote}.`, ...base };
}
