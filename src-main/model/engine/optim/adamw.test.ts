// AdamW against torch.optim.AdamW step for step, from the same initial weights on the same batches, with a
// warm-up + cosine learning rate, global-norm clipping (active on some steps) and decay skipped for biases.
// The committed fixture makes the check run without Python; the live check runs where python3-torch is.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTorchPython, runTorchScript } from '../../../../bench/torch/python';
import { type AdamwJob, type AdamwTrajectory, compareTrajectories, makeAdamwJob, replayAdamwJob } from './reference-job';
import { warmupCosine } from './schedule';

const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures/adamw-mlp.json'), 'utf8')) as { job: AdamwJob; expected: AdamwTrajectory };

// float32 on both sides, different summation orders: agreement to ~1e-6 relative is what float32 allows.
const LOSS_RTOL = 1e-5;
const PARAM_ATOL = 2e-6;

describe('AdamW matches torch.optim.AdamW (committed fixture)', () => {
  it('follows the recorded torch trajectory for every step', async () => {
    const ours = await replayAdamwJob(fixture.job);
    const d = compareTrajectories(ours, fixture.expected);
    expect(d.loss).toBeLessThan(LOSS_RTOL);
    expect(d.gradNorm).toBeLessThan(LOSS_RTOL);
    expect(d.params).toBeLessThan(PARAM_ATOL);
    // The job exercises clipping on some steps and not on others.
    expect(fixture.expected.grad_norms.some((n) => n > fixture.job.clip_norm)).toBe(true);
    expect(fixture.expected.grad_norms.some((n) => n < fixture.job.clip_norm)).toBe(true);
  });

  it('is sensitive: a wrong weight decay leaves the trajectory', async () => {
    const ours = await replayAdamwJob({ ...fixture.job, weight_decay: fixture.job.weight_decay * 1.5 });
    expect(compareTrajectories(ours, fixture.expected).params).toBeGreaterThan(100 * PARAM_ATOL);
  });
});

const python = findTorchPython();
describe.skipIf(!python)(`AdamW matches torch.optim.AdamW (live, ${python ? `python at ${python}` : 'SKIPPED: python3-torch not installed'})`, () => {
  it('follows a fresh torch trajectory on a new job', async () => {
    const job = makeAdamwJob(7);
    const torch = runTorchScript<AdamwTrajectory>('adamw_reference.py', job, { OMP_NUM_THREADS: '1' });
    const d = compareTrajectories(await replayAdamwJob(job), torch);
    expect(d.loss).toBeLessThan(LOSS_RTOL);
    expect(d.params).toBeLessThan(PARAM_ATOL);
  });
});
if (!python) console.warn('adamw.test: python3-torch not found (tried PRAXIS_PYTHON, /usr/bin/python3, python3); the live torch check is skipped, the fixture check still runs.');

describe('warm-up + cosine schedule', () => {
  it('rises linearly, peaks at the end of warm-up and decays to the floor', () => {
    const s = { peak: 1, warmupSteps: 4, totalSteps: 14, finalFraction: 0.1 };
    expect(warmupCosine(s, 1)).toBeCloseTo(0.25);
    expect(warmupCosine(s, 4)).toBeCloseTo(1);
    expect(warmupCosine(s, 9)).toBeCloseTo(0.55);
    expect(warmupCosine(s, 14)).toBeCloseTo(0.1);
    expect(warmupCosine(s, 100)).toBeCloseTo(0.1);
  });
});
