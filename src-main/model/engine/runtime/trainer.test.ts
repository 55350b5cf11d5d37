import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMlp } from '../examples/mlp';
import { GraphBuilder } from '../graph/builder';
import { fillNormal } from '../graph/rng';
import { adamw } from '../optim/adamw';
import { exportInference } from './export';
import { openSession, ort } from './session';
import { buildTrainStep } from './trainer';

function batch(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  fillNormal(a, seed);
  return a;
}

const tmp = () => mkdtempSync(join(tmpdir(), 'praxis-engine-'));

describe('Trainer', () => {
  it('overfits a small batch to near-zero loss', async () => {
    const m = buildMlp({ batch: 16, widths: [6, 32, 32, 2], seed: 1 });
    const tr = await buildTrainStep(m.g, { optimizer: adamw({ weightDecay: 0 }) });
    const b = { x: batch(16 * 6, 1), y: batch(16 * 2, 2) };
    const first = await tr.step(b, 3e-3);
    let last = first;
    for (let i = 0; i < 400; i++) last = await tr.step(b, 3e-3);
    expect(first.loss).toBeGreaterThan(0.3);
    expect(last.loss).toBeLessThan(1e-3);
    expect(last.applied).toBe(true);
    expect(tr.stepsDone).toBe(401);
  });

  it('keeps the weights in two pre-allocated ORT buffers that swap each step', async () => {
    const m = buildMlp({ batch: 4, widths: [3, 5, 1], seed: 2 });
    const tr = await buildTrainStep(m.g);
    const b = { x: batch(12, 1), y: batch(4, 2) };
    const a0 = tr.liveParams.data;
    await tr.step(b, 1e-2);
    const a1 = tr.liveParams.data;
    await tr.step(b, 1e-2);
    expect(a1).not.toBe(a0);
    expect(tr.liveParams.data).toBe(a0); // ORT wrote the update into our buffer: no per-step allocation
    await tr.step(b, 1e-2);
    expect(tr.liveParams.data).toBe(a1);
  });

  it('leaves frozen and unused parameters untouched, weight decay included', async () => {
    const m = buildMlp({ batch: 4, widths: [3, 5, 1], seed: 2 });
    m.g.param('unused', [4], { init: 'ones' });
    const tr = await buildTrainStep(m.g, { optimizer: adamw({ weightDecay: 0.5 }), freeze: ['l0.'] });
    const before = tr.getParams();
    for (let i = 0; i < 3; i++) await tr.step({ x: batch(12, 1), y: batch(4, 2) }, 1e-1);
    const after = tr.getParams();
    expect(after['l0.weight']).toEqual(before['l0.weight']);
    expect(after['l0.bias']).toEqual(before['l0.bias']);
    expect(after.unused).toEqual(before.unused);
    expect(after['l1.weight']).not.toEqual(before['l1.weight']);
    await expect(buildTrainStep(buildMlp({ batch: 4, widths: [3, 5, 1] }).g, { freeze: ['nope'] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('refuses overlapping steps', async () => {
    const m = buildMlp({ batch: 4, widths: [3, 5, 1], seed: 2 });
    const tr = await buildTrainStep(m.g);
    const b = { x: batch(12, 1), y: batch(4, 2) };
    const first = tr.step(b, 1e-2);
    await expect(tr.step(b, 1e-2)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await first;
    expect(tr.stepsDone).toBe(1);
  });

  it('skips the update of a step whose loss is NaN and reports NON_FINITE_LOSS', async () => {
    const m = buildMlp({ batch: 4, widths: [3, 5, 1], seed: 2 });
    const tr = await buildTrainStep(m.g);
    const before = tr.getParams();
    const x = batch(12, 3);
    x[4] = Number.NaN;
    const r = await tr.step({ x, y: batch(4, 4) }, 1e-2);
    expect(r.applied).toBe(false);
    expect(r.error?.code).toBe('NON_FINITE_LOSS');
    expect(tr.stepsDone).toBe(0);
    const after = tr.getParams();
    for (const k of Object.keys(before)) expect(after[k]).toEqual(before[k]);
    // A good batch afterwards trains as step 1.
    const ok = await tr.step({ x: batch(12, 3), y: batch(4, 4) }, 1e-2);
    expect(ok).toMatchObject({ step: 1, applied: true });
    expect(tr.getParams()['l0.weight']).not.toEqual(before['l0.weight']);
  });

  it('skips the update when the loss is finite but a gradient overflows', async () => {
    const g = new GraphBuilder('overflow');
    const w = g.param('w', [2], { init: { values: [1, 1] } });
    const x = g.input('x', [2]);
    // √(w·x) at w·x = 0 is a finite loss with an infinite slope: the gradient is NaN.
    g.loss('l', g.reduceSum(g.sqrt(g.mul(w, x))));
    const tr = await buildTrainStep(g);
    const r = await tr.step({ x: Float32Array.from([0, 1]) }, 0.1);
    expect(Number.isFinite(r.loss)).toBe(true);
    expect(r.applied).toBe(false);
  });

  it('refuses a batch with a missing or mis-sized field, naming it', async () => {
    const m = buildMlp({ batch: 4, widths: [3, 5, 1] });
    const tr = await buildTrainStep(m.g);
    await expect(tr.step({ x: batch(12, 1) }, 1e-3)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining("'y'") });
    await expect(tr.step({ x: batch(11, 1), y: batch(4, 1) }, 1e-3)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining("'x' expects 12") });
    await expect(tr.step({ x: new Float64Array(12), y: batch(4, 1) }, 1e-3)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('Float64Array') });
    await expect(tr.step({ x: new ort.Tensor('int64', new BigInt64Array(12), [4, 3]), y: batch(4, 1) }, 1e-3)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('exports an inference graph whose outputs equal the training graph forward', async () => {
    const m = buildMlp({ batch: 8, widths: [5, 16, 3], seed: 4 });
    const tr = await buildTrainStep(m.g);
    const b = { x: batch(40, 5), y: batch(24, 6) };
    for (let i = 0; i < 20; i++) await tr.step(b, 1e-2);
    const live = await tr.forward({ pred: m.pred }, b, 'train');
    const bytes = tr.exportInference({ pred: m.pred });
    const dir = tmp();
    writeFileSync(join(dir, 'mlp.onnx'), bytes);
    const s = await openSession(new Uint8Array(readFileSync(join(dir, 'mlp.onnx'))), { threads: 1 });
    expect(s.inputNames).toEqual(['x']); // parameters are initialisers, the label is not needed
    const out = await s.run({ x: new ort.Tensor('float32', b.x, [8, 5]) });
    expect(Array.from(out.pred.data as Float32Array)).toEqual(Array.from(live.pred));
  });

  it('exports trained weights into a graph rebuilt at another batch size, and refuses weights that do not fit', async () => {
    const m = buildMlp({ batch: 8, widths: [5, 16, 3], seed: 4 });
    const tr = await buildTrainStep(m.g);
    const b = { x: batch(40, 5), y: batch(24, 6) };
    for (let i = 0; i < 10; i++) await tr.step(b, 1e-2);
    const trained = await tr.forward({ pred: m.pred }, b);
    const rollout = buildMlp({ batch: 2, widths: [5, 16, 3] }); // the planner's batch size
    const s = await openSession(exportInference(rollout.g, { pred: rollout.pred }, { params: tr.getParams() }), { threads: 1 });
    const out = await s.run({ x: new ort.Tensor('float32', b.x.slice(0, 10), [2, 5]) });
    // Same weights, another batch size: equal up to GEMM blocking order.
    (out.pred.data as Float32Array).forEach((v, i) => {
      expect(v).toBeCloseTo(trained.pred[i], 5);
    });
    const other = buildMlp({ batch: 2, widths: [5, 17, 3] });
    expect(() => exportInference(other.g, { pred: other.pred }, { params: tr.getParams() })).toThrow(expect.objectContaining({ code: 'CHECKPOINT_MISMATCH' }));
  });

  it('resumes from a checkpoint exactly as an uninterrupted run continues', async () => {
    const make = async () => {
      const m = buildMlp({ batch: 8, widths: [4, 12, 2], seed: 9 });
      // Dropout makes the resumed run depend on the seeded noise too.
      m.g.loss('reg', m.g.mul(m.g.reduceMean(m.g.square(m.g.dropout(m.pred, 0.3, 'drop'))), 0.1));
      return buildTrainStep(m.g, { optimizer: adamw({ weightDecay: 0.05 }), clipNorm: 1, seed: 77 });
    };
    const batches = Array.from({ length: 8 }, (_, i) => ({ x: batch(32, 100 + i), y: batch(16, 200 + i) }));
    const straight = await make();
    const lossesA: number[] = [];
    for (const b of batches) lossesA.push((await straight.step(b, 5e-3)).loss);

    const first = await make();
    for (const b of batches.slice(0, 4)) await first.step(b, 5e-3);
    const file = join(tmp(), 'ck.safetensors');
    await first.saveCheckpoint(file, { widths: [4, 12, 2] });
    const resumed = await make();
    resumed.seed = 1; // the checkpoint's seed wins
    expect(await resumed.loadCheckpoint(file)).toEqual({ widths: [4, 12, 2] });
    expect(resumed.stepsDone).toBe(4);
    const lossesB: number[] = [];
    for (const b of batches.slice(4)) lossesB.push((await resumed.step(b, 5e-3)).loss);
    expect(lossesB).toEqual(lossesA.slice(4));
    expect(resumed.getParams()).toEqual(straight.getParams());
  });

  it('refuses a checkpoint of another model with CHECKPOINT_MISMATCH and a damaged one with CHECKPOINT_CORRUPT', async () => {
    const dir = tmp();
    const a = await buildTrainStep(buildMlp({ batch: 4, widths: [3, 8, 1] }).g);
    const b = await buildTrainStep(buildMlp({ batch: 4, widths: [3, 9, 1] }).g);
    const file = join(dir, 'a.safetensors');
    await a.saveCheckpoint(file);
    await expect(b.loadCheckpoint(file)).rejects.toMatchObject({ code: 'CHECKPOINT_MISMATCH', message: expect.stringContaining('l0.weight') });
    const bytes = readFileSync(file);
    bytes[bytes.length - 3] ^= 0xff; // one flipped byte in the weights
    writeFileSync(join(dir, 'flip.safetensors'), bytes);
    await expect(a.loadCheckpoint(join(dir, 'flip.safetensors'))).rejects.toMatchObject({ code: 'CHECKPOINT_CORRUPT' });
    writeFileSync(join(dir, 'cut.safetensors'), bytes.subarray(0, bytes.length - 10));
    await expect(a.loadCheckpoint(join(dir, 'cut.safetensors'))).rejects.toMatchObject({ code: 'CHECKPOINT_CORRUPT' });
    await expect(a.loadCheckpoint(join(dir, 'missing.safetensors'))).rejects.toMatchObject({ code: 'CHECKPOINT_CORRUPT' });
  });

  it('dropout is active in training and absent from the inference export', async () => {
    const g = new GraphBuilder('drop', { seed: 3 });
    const x = g.input('x', [4, 50]);
    const w = g.param('w', [50], { init: 'ones' });
    const y = g.dropout(g.mul(x, w), 0.5, 'd');
    g.loss('l', g.reduceMean(y));
    const tr = await buildTrainStep(g);
    const xs = new Float32Array(200).fill(1);
    // Inverted dropout keeps the mean near 1 (about half the units are 0, the rest 2), with a fresh mask
    // each step.
    const losses: number[] = [];
    for (let i = 0; i < 4; i++) losses.push((await tr.step({ x: xs }, 0)).loss);
    expect(new Set(losses).size).toBeGreaterThan(1);
    for (const l of losses) expect(Math.abs(l - 1)).toBeLessThan(0.3);
    // A train-mode forward draws exactly the masks of the next step.
    const ahead = (await tr.forward({ y }, { x: xs }, 'train')).y;
    const next = await tr.step({ x: xs }, 0);
    expect(Array.from(ahead).reduce((a, v) => a + v, 0) / ahead.length).toBeCloseTo(next.loss, 6);
    const s = await openSession(tr.exportInference({ y }), { threads: 1 });
    expect(s.inputNames).toEqual(['x']);
    const out = await s.run({ x: new ort.Tensor('float32', xs, [4, 50]) });
    expect(Array.from(out.y.data as Float32Array).every((v) => v === 1)).toBe(true);
  });

  it('draws normal random inputs afresh each step, reproducibly from the seed (random projections)', async () => {
    const run = async () => {
      const g = new GraphBuilder('proj', { seed: 1 });
      const dirs = g.randomInput('dirs', [64, 8], 'normal');
      const w = g.param('w', [1], { init: 'ones' });
      // Mean and second moment of the directions, through a parameter so the step has something to train.
      g.loss('m2', g.mul(g.reduceMean(g.square(dirs)), g.reduceSum(w)));
      const tr = await buildTrainStep(g, { seed: 42 });
      const out: number[] = [];
      for (let i = 0; i < 3; i++) out.push((await tr.step({}, 0)).loss);
      return out;
    };
    const a = await run();
    expect(a).toEqual(await run());
    expect(new Set(a).size).toBe(3);
    for (const m2 of a) expect(Math.abs(m2 - 1)).toBeLessThan(0.25);
  });

  it('batch norm trains on batch statistics, keeps running statistics, and exports them for inference', async () => {
    const g = new GraphBuilder('bn', { seed: 5 });
    const x = g.input('x', [64, 3]);
    const y = g.batchNorm(x, 'bn', { momentum: 0.5 });
    g.loss('l', g.reduceMean(g.square(y)));
    const tr = await buildTrainStep(g);
    const xs = new Float32Array(192);
    for (let i = 0; i < 64; i++) for (let j = 0; j < 3; j++) xs[i * 3 + j] = 10 * j + (i % 2 ? 1 : -1) * (j + 1);
    for (let i = 0; i < 12; i++) await tr.step({ x: xs }, 0);
    const stats = tr.getBuffers();
    for (let j = 0; j < 3; j++) {
      expect(stats['bn.running_mean'][j]).toBeCloseTo(10 * j, 2);
      // Unbiased variance, as torch stores it: (j+1)²·64/63.
      expect(stats['bn.running_var'][j]).toBeCloseTo(((j + 1) ** 2 * 64) / 63, 2);
    }
    const s = await openSession(tr.exportInference({ y }), { threads: 1 });
    const out = (await s.run({ x: new ort.Tensor('float32', xs, [64, 3]) })).y.data as Float32Array;
    // Normalised with the running statistics, the first feature is ±1·sqrt(63/64).
    expect(out[0]).toBeCloseTo(-Math.sqrt(63 / 64), 2);
  });

  it('frozen batch norm trains on its running statistics and leaves them as they were', async () => {
    const g = new GraphBuilder('bn-frozen', { seed: 5 });
    const x = g.input('x', [8, 2]);
    const y = g.batchNorm(x, 'bn', { frozen: true });
    g.loss('y', g.reduceMean(y));
    const tr = await buildTrainStep(g, { freeze: ['bn.'] });
    const xs = Float32Array.from({ length: 16 }, (_, i) => 5 + i);
    const before = tr.getBuffers();
    // Running statistics start at mean 0, variance 1, so y = x / √(1 + ε); the batch's own statistics would give 0.
    const mean = xs.reduce((a, v) => a + v, 0) / xs.length;
    expect((await tr.step({ x: xs }, 0.1)).loss).toBeCloseTo(mean / Math.sqrt(1 + 1e-5), 4);
    expect((await tr.step({ x: xs }, 0.1)).loss).toBeCloseTo(mean / Math.sqrt(1 + 1e-5), 4);
    expect(tr.getBuffers()).toEqual(before);
  });
});
