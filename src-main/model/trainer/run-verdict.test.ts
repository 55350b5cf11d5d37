import { describe, expect, it } from 'vitest';
import type { EvalReport } from './evaluation';
import { trainingVerdict } from './run-verdict';

/** A report with the given mean errors per k (only the fields the verdict reads matter). */
const report = (model: number, noChange: number, linear: number): EvalReport => ({ k: [1, 5], model: [model, model], noChange: [noChange, noChange], linear: [linear, linear], unit: 'rad' }) as EvalReport;

describe('the verdict a run ends with', () => {
  it('a fine-tune that exported nothing did not improve, and names the model that stays in use', () => {
    const v = trainingVerdict({ reason: 'early-stop', initFrom: 'models/sim-arm', baseScore: 0.01, bestTriedScore: 0.02, exported: null, unit: 'rad' });
    expect(v).toMatchObject({ ok: false, kind: 'no-improvement', baseScore: 0.01, bestScore: 0.02 });
    expect(v.message).toMatch(/did not improve on models\/sim-arm .*1\.15° .*0\.57° .*stopped early.* models\/sim-arm stays the model to use/);
  });

  it('a model worse than "no change" is not usable, even when exported', () => {
    const v = trainingVerdict({ reason: 'completed', initFrom: null, baseScore: null, bestTriedScore: 1.5, exported: report(1.5, 0.004, 0.003), unit: 'rad' });
    expect(v).toMatchObject({ ok: false, kind: 'worse-than-no-change' });
    expect(v.message).toMatch(/worse than assuming nothing moves/);
  });

  it('an improvement is ok, states its unit, and says when linear dynamics still do better', () => {
    const v = trainingVerdict({ reason: 'completed', initFrom: 'models/sim-arm', baseScore: 6, bestTriedScore: 3, exported: { ...report(3, 20, 0.1), unit: 'deg' }, unit: 'deg' });
    expect(v).toMatchObject({ ok: true, kind: 'improved', baseScore: 6, bestScore: 3 });
    expect(v.message).toContain('3.00° on the validation episodes, against 6.00° for models/sim-arm (no change: 20.00°); linear dynamics');
    expect(v.message).not.toMatch(/rad/);
  });
});
