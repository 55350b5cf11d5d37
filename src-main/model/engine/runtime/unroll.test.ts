// Steps chained in one session.run must be the steps one at a time: same losses, same weights, same moments,
// same batch-norm statistics and dropout masks, and a non-finite step in the middle skipped exactly as alone.
import { describe, expect, it } from 'vitest';
import { buildMlp } from '../examples/mlp';
import type { GraphBuilder } from '../graph/builder';
import { fillNormal } from '../graph/rng';
import { adamw } from '../optim/adamw';
import { type Batch, buildTrainStep, type StepResult, type Trainer } from '../index';

function noise(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  fillNormal(a, seed);
  return a;
}

/** An MLP with dropout and a batch norm: random inputs and buffers both have to flow through the chain. */
function model(): GraphBuilder {
  const m = buildMlp({ batch: 8, widths: [5, 24, 3], seed: 3 });
  const g = m.g;
  const h = g.batchNorm(g.dropout(m.pred, 0.2, 'drop'), 'bn', { momentum: 0.3 });
  g.loss('aux', g.mul(g.reduceMean(g.square(h)), 0.1));
  return g;
}

const batches = (n: number): Batch[] => Array.from({ length: n }, (_, i) => ({ x: noise(40, 10 + i), y: noise(24, 50 + i) }));
const lrs = (n: number) => Array.from({ length: n }, (_, i) => 1e-2 * (1 + i / n));

async function state(tr: Trainer) {
  const file = `${process.env.TMPDIR ?? '/tmp'}/praxis-unroll-${process.pid}-${Math.random().toString(36).slice(2)}.safetensors`;
  await tr.saveCheckpoint(file);
  const { readCheckpointFile } = await import('../checkpoint/checkpoint');
  return readCheckpointFile(file);
}

function expectSameRun(a: StepResult[], b: StepResult[]): void {
  expect(b.map((r) => [r.step, r.applied])).toEqual(a.map((r) => [r.step, r.applied]));
  for (let i = 0; i < a.length; i++) {
    if (!a[i].applied) continue;
    expect(b[i].loss).toBeCloseTo(a[i].loss, 6);
    expect(b[i].gradNorm).toBeCloseTo(a[i].gradNorm, 5);
    for (const k of Object.keys(a[i].terms)) expect(b[i].terms[k]).toBeCloseTo(a[i].terms[k], 6);
  }
}

async function expectSameState(a: Trainer, b: Trainer): Promise<void> {
  const [sa, sb] = [await state(a), await state(b)];
  expect(sb.step).toBe(sa.step);
  const close = (x: ArrayLike<number>, y: ArrayLike<number>) => {
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
    expect(worst).toBeLessThan(1e-6);
  };
  for (const k of Object.keys(sa.params)) {
    close(sa.params[k].data, sb.params[k].data);
    close(sa.adamM[k], sb.adamM[k]);
    close(sa.adamV[k], sb.adamV[k]);
  }
  for (const k of Object.keys(sa.buffers)) close(sa.buffers[k].data, sb.buffers[k].data);
}

describe('steps chained in one run', () => {
  it('train exactly as the same steps one at a time (dropout noise and batch-norm statistics included)', async () => {
    const opts = { optimizer: adamw({ weightDecay: 0.05 }), clipNorm: 0.5, seed: 9 };
    const single = await buildTrainStep(model(), opts);
    const chained = await buildTrainStep(model(), { ...opts, stepsPerRun: 3 });
    const bs = batches(7); // two chained runs and one step alone
    const one: StepResult[] = [];
    for (let i = 0; i < bs.length; i++) one.push(await single.step(bs[i], lrs(7)[i]));
    const many = await chained.steps(bs, lrs(7));
    expectSameRun(one, many);
    expect(chained.stepsDone).toBe(7);
    await expectSameState(single, chained);
    // The loss moved: the comparison is not between two untrained models.
    expect(one[6].loss).not.toBeCloseTo(one[0].loss, 2);
  });

  it('skip only the non-finite step of a run, as single steps do', async () => {
    const single = await buildTrainStep(model(), { seed: 2 });
    const chained = await buildTrainStep(model(), { seed: 2, stepsPerRun: 4 });
    const bs = batches(4);
    (bs[1].x as Float32Array)[3] = Number.NaN;
    const one: StepResult[] = [];
    for (let i = 0; i < bs.length; i++) one.push(await single.step(bs[i], 1e-2));
    const many = await chained.steps(bs, [1e-2, 1e-2, 1e-2, 1e-2]);
    expect(many.map((r) => r.applied)).toEqual([true, false, true, true]);
    expect(many[1].error?.code).toBe('NON_FINITE_LOSS');
    expect(many.map((r) => r.step)).toEqual([1, 2, 2, 3]);
    expectSameRun(one, many);
    expect(chained.stepsDone).toBe(3);
    await expectSameState(single, chained);
  });

  it('refuses batches and learning rates of different counts', async () => {
    const tr = await buildTrainStep(model(), { stepsPerRun: 2 });
    await expect(tr.steps(batches(2), [1e-3])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
