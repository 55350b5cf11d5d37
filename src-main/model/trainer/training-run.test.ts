import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../api';
import { readCheckpointFile } from '../engine';
import { WorldModel } from '../runtime/world-model';
import type { TrainingEvent, TrainingFinished } from './events';
import { BEST_CHECKPOINT, CHECKPOINT_DIR, checkpointList, LAST_CHECKPOINT, weightsRead } from './model-files';
import { syntheticData } from './testing/synthetic';
import { type TrainingRequest, TrainingRun } from './training-run';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'praxis-train-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const data = syntheticData({ episodes: 10, length: 120, seed: 3 });
const quick = { steps: 24, batch: 16, evalEvery: 12, warmupSteps: 4, sigregDirections: 16, evalWindows: 32, patience: 0, probeSteps: 0 };

async function runToEnd(req: TrainingRequest, onEvent?: (e: TrainingEvent, run: TrainingRun) => void): Promise<{ events: TrainingEvent[]; finished: TrainingFinished }> {
  const events: TrainingEvent[] = [];
  const run: TrainingRun = new TrainingRun({ threads: 1, exportBatch: { encoder: 64, predictor: 64, probe: 64 }, ...req }, (e) => {
    events.push(e);
    onEvent?.(e, run);
  });
  const finished = (await run.run()) as TrainingFinished;
  return { events, finished };
}

describe('a training run', () => {
  it('reports start, every loss term, validation and checkpoints, and exports a loadable model', async () => {
    const out = await tempDir();
    const { events, finished } = await runToEnd({ data, out, preset: 'tiny', train: quick });
    expect(finished.reason).toBe('completed');
    expect(finished.step).toBe(24);
    expect(events[0].type).toBe('started');
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    for (const p of progress) {
      expect(Object.keys(p.terms).sort()).toEqual(['pred', 'probe', 'sigreg']);
      expect(p.samplesPerSecond).toBeGreaterThan(0);
    }
    const evals = events.filter((e) => e.type === 'evaluation');
    expect(evals.map((e) => e.report.step)).toEqual([12, 24]);
    const r = evals[1].report;
    expect(r.k).toEqual([1, 5, 10]);
    expect(r.collapse.std.length).toBe(16);
    expect(r.noChange.every(Number.isFinite) && r.linear.every(Number.isFinite) && r.model.every(Number.isFinite)).toBe(true);
    const kinds = (await checkpointList(out)).map((c) => c.kind).sort();
    expect(kinds).toContain('last');
    expect(kinds).toContain('best');
    const wm = await WorldModel.load(out, { threads: 1 });
    expect(wm.card.dims).toMatchObject({ obsDim: 4, actDim: 2, latentDim: 16, history: 3, frameskip: 5 });
    const frames = data.set.trajectories[0];
    const preview = await wm.predict(frames, 4);
    expect(preview.startFrames[0]).toBe(10);
    expect(preview.predicted.length).toBe(preview.startFrames.length * 4 * 4);
    expect(preview.jointError.every(Number.isFinite)).toBe(true);
    await wm.dispose();
  });

  it('refits the probe alone on the exported model: a lower probe floor, encoder and predictor untouched', async () => {
    const out = await tempDir();
    const { events, finished } = await runToEnd({ data, out, preset: 'tiny', train: { ...quick, steps: 60, evalEvery: 30, probeSteps: 100, probeLr: 3e-3 } });
    expect(finished.reason).toBe('completed');
    const evals = events.filter((e) => e.type === 'evaluation');
    expect(evals.map((e) => e.report.step)).toEqual([30, 60, 60]);
    const [beforeRefit, afterRefit] = [evals.filter((e) => e.best).at(-2)?.report, evals[2].report];
    expect(evals[2].best).toBe(true);
    // The refit reports its own progress, after the last training evaluation and before its own.
    const refits = events.filter((e) => e.type === 'probe-refit');
    expect(refits.at(-1)).toMatchObject({ step: 100, totalSteps: 100 });
    expect(events.indexOf(refits[0])).toBeGreaterThan(events.indexOf(evals[1]));
    expect(events.indexOf(refits.at(-1) as TrainingEvent)).toBeLessThan(events.indexOf(evals[2]));
    expect(afterRefit.probeError).toBeLessThan((beforeRefit as { probeError: number }).probeError);
    // Same latents: the encoder and predictor are the trained ones, so the latent metrics do not move.
    expect(afterRefit.latentMse).toBeCloseTo((beforeRefit as { latentMse: number }).latentMse, 6);
    expect(afterRefit.collapse.effectiveRank).toBeCloseTo(evals[1].report.collapse.effectiveRank, 6);
    const best = await readCheckpointFile(join(out, CHECKPOINT_DIR, BEST_CHECKPOINT));
    const wm = await WorldModel.load(out, { threads: 1 });
    expect(wm.card.metrics).toMatchObject({ probeError: afterRefit.probeError });
    await wm.dispose();
    const w = await weightsRead(out);
    for (const [name, p] of Object.entries(best.params)) {
      if (name.startsWith('probe.')) expect(Array.from(w[name])).not.toEqual(Array.from(p.data));
      else expect(Array.from(w[name])).toEqual(Array.from(p.data));
    }
  });

  it('resumes from its last checkpoint exactly where an uninterrupted run would be', async () => {
    const straight = await tempDir();
    await runToEnd({ data, out: straight, preset: 'tiny', train: quick });
    const interrupted = await tempDir();
    await runToEnd({ data, out: interrupted, preset: 'tiny', train: quick }, (e, run) => {
      if (e.type === 'checkpoint' && e.step === 12 && e.kind === 'last') run.control.cancel();
    });
    const half = await readCheckpointFile(join(interrupted, CHECKPOINT_DIR, LAST_CHECKPOINT));
    expect(half.step).toBe(12);
    const { finished } = await runToEnd({ data, out: interrupted, preset: 'tiny', train: quick, resume: true });
    expect(finished.reason).toBe('completed');
    const a = await readCheckpointFile(join(straight, CHECKPOINT_DIR, LAST_CHECKPOINT));
    const b = await readCheckpointFile(join(interrupted, CHECKPOINT_DIR, LAST_CHECKPOINT));
    expect(b.step).toBe(24);
    for (const [name, p] of Object.entries(a.params)) expect(Array.from(b.params[name].data), name).toEqual(Array.from(p.data));
  });

  it('pauses and resumes between steps', async () => {
    const out = await tempDir();
    const seen: string[] = [];
    await runToEnd({ data, out, preset: 'tiny', train: { ...quick, steps: 6, evalEvery: 6 }, progressEveryMs: 0 }, (e, run) => {
      seen.push(e.type);
      if (e.type === 'progress' && e.step === 2) run.control.pause();
      // Resume on a later turn of the event loop, once the run is waiting: it must emit nothing meanwhile.
      if (e.type === 'paused') setImmediate(() => run.control.resume());
    });
    expect(seen.indexOf('paused')).toBeGreaterThan(seen.indexOf('progress'));
    expect(seen.indexOf('resumed')).toBe(seen.indexOf('paused') + 1);
    expect(seen.at(-1)).toBe('finished');
  });

  it('stops on a NaN loss with a coded reason, and the last good checkpoint survives', async () => {
    const out = await tempDir();
    await runToEnd({ data, out, preset: 'tiny', train: { ...quick, steps: 12 } });
    const good = await readFile(join(out, CHECKPOINT_DIR, LAST_CHECKPOINT));
    const { finished } = await runToEnd({ data, out, preset: 'tiny', train: { ...quick, steps: 30 }, resume: true, poisonFromStep: 15, maxBadSteps: 2 });
    expect(finished.reason).toBe('failed');
    expect(finished.error?.code).toBe(ErrorCodes.NON_FINITE_LOSS);
    expect(finished.error?.details).toMatchObject({ lastGoodStep: 14 });
    // The checkpoint written at step 12 is still there, intact and loadable.
    expect(Buffer.compare(await readFile(join(out, CHECKPOINT_DIR, LAST_CHECKPOINT)), good)).toBe(0);
    expect((await readCheckpointFile(join(out, CHECKPOINT_DIR, BEST_CHECKPOINT))).step).toBe(12);
  });
});

describe('fine-tuning', () => {
  it('scores the base model at step 0 and exports only weights that beat it', async () => {
    const base = await tempDir();
    await runToEnd({ data, out: base, preset: 'tiny', train: { ...quick, steps: 12 } });
    const more = syntheticData({ episodes: 6, length: 120, seed: 11 });
    const out = await tempDir();
    const { events, finished } = await runToEnd({ data: more, out, init: base, train: { ...quick, steps: 24, lr: 3e-3 } });
    expect(finished.reason).toBe('completed');
    const evals = events.filter((e) => e.type === 'evaluation');
    expect(evals[0].report.step).toBe(0);
    const trained = evals.slice(1);
    // This recipe does beat the base model; the export is the best trained evaluation, never the base.
    const best = trained.reduce((a, e) => (e.score < a.score ? e : a));
    expect(best.score).toBeLessThan(evals[0].score);
    expect(finished.modelDir).toBe(out);
    expect(finished.verdict).toMatchObject({ baseScore: evals[0].score, bestScore: best.score });
    expect(finished.verdict?.kind).not.toBe('no-improvement');
    const exported = (await WorldModel.load(out, { threads: 1 })).card;
    expect(exported.train).toMatchObject({ initFrom: base, lr: 3e-3 });
    expect((exported.metrics as { step: number }).step).toBe(best.report.step);
  });

  it('a fine-tune that cannot improve on tiny data says so before and after, and keeps the base model as the one to use', async () => {
    const base = await tempDir();
    await runToEnd({ data, out: base, preset: 'tiny', train: { ...quick, steps: 12 } });
    const baseCard = await readFile(join(base, 'model-card.json'), 'utf8');
    // Two short episodes, and a learning rate that wrecks the dynamics: nothing trained beats the base model.
    const tiny = syntheticData({ episodes: 2, length: 70, seed: 21 });
    const out = await tempDir();
    const { events, finished } = await runToEnd({ data: tiny, out, init: base, train: { ...quick, steps: 400, evalEvery: 100, patience: 1, lr: 0.5 } });
    const started = events.find((e) => e.type === 'started');
    expect(started?.type === 'started' && started.warnings.join(' ')).toMatch(/far too small for 400 steps/);
    expect(finished.reason).toBe('early-stop');
    expect(finished.modelDir).toBeNull();
    expect(finished.report).toBeNull();
    expect(finished.verdict).toMatchObject({ ok: false, kind: 'no-improvement' });
    expect(finished.verdict?.message).toContain(`${base} stays the model to use`);
    // nothing in the run folder poses as a model, and the base model is untouched
    await expect(readFile(join(out, 'model-card.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readFile(join(base, 'model-card.json'), 'utf8')).toBe(baseCard);
  });

  it('resamples a faster dataset to the base model\'s frame rate, and refuses a slower one with the reason', async () => {
    const base = await tempDir();
    await runToEnd({ data, out: base, preset: 'tiny', train: { ...quick, steps: 12 } });
    const at = (fps: number) => {
      const d = syntheticData({ episodes: 6, length: 150, seed: 11 });
      return { ...d, set: { ...d.set, fps } };
    };
    const fast = await runToEnd({ data: at(60), out: await tempDir(), init: base, train: { ...quick, steps: 12 } });
    const started = fast.events.find((e) => e.type === 'started');
    expect(started?.type === 'started' && started.warnings[0]).toMatch(/recorded at 60 fps; resampled to the model's 30 fps/);
    expect(started?.type === 'started' && started.frames).toBe(6 * 75);
    const slow = await runToEnd({ data: at(15), out: await tempDir(), init: base, train: { ...quick, steps: 12 } });
    expect(slow.finished.error?.code).toBe(ErrorCodes.DATASET_INCOMPATIBLE);
    expect(slow.finished.error?.message).toMatch(/15 fps and the model runs at 30 fps/);
  });

  it("a dynamics-only fine-tune leaves the predictor's BatchNorm statistics as the base model has them", async () => {
    // With the learning rate near zero nothing should change; re-estimating the running statistics from the
    // fine-tune's batches used to move the model anyway (sim-arm: 0.015 → 0.097 rad in 10 steps).
    const base = await tempDir();
    await runToEnd({ data, out: base, preset: 'tiny', train: { ...quick, steps: 12 } });
    const more = syntheticData({ episodes: 6, length: 120, seed: 11 });
    const { events } = await runToEnd({ data: more, out: await tempDir(), init: base, train: { ...quick, steps: 12, evalEvery: 12, lr: 1e-12 } });
    const scores = events.filter((e) => e.type === 'evaluation').map((e) => e.score);
    expect(scores).toHaveLength(2);
    expect(Math.abs(scores[1] - scores[0])).toBeLessThan(1e-4 * scores[0]);
  });

  it('trains the dynamics only unless told to train the encoder too', async () => {
    const base = await tempDir();
    await runToEnd({ data, out: base, preset: 'tiny', train: { ...quick, steps: 12 } });
    const baseWeights = await weightsRead(base);
    const more = syntheticData({ episodes: 6, length: 120, seed: 11 });
    /** Names of the tensors a fine-tune changed, from its last checkpoint (the export may be the base model). */
    const moved = async (train: typeof quick & { dynamicsOnly?: boolean }) => {
      const out = await tempDir();
      const { finished } = await runToEnd({ data: more, out, init: base, train: { ...train, lr: 1e-2 } });
      expect(finished.reason).toBe('completed');
      const last = await readCheckpointFile(join(out, CHECKPOINT_DIR, LAST_CHECKPOINT));
      const values = { ...Object.fromEntries(Object.entries(last.params).map(([n, p]) => [n, p.data])), ...Object.fromEntries(Object.entries(last.buffers).map(([n, b]) => [n, b.data])) };
      return Object.keys(baseWeights).filter((n) => !Array.from(values[n]).every((v, i) => v === baseWeights[n][i]));
    };
    const prefixes = (names: string[]) => [...new Set(names.map((n) => n.split('.')[0]))].sort();
    // Weights and the projector's BatchNorm statistics alike: the latent space and its probe stay the base model's.
    expect(prefixes(await moved({ ...quick, steps: 12 }))).toEqual(['action_encoder', 'pred_proj', 'predictor']);
    expect(prefixes(await moved({ ...quick, steps: 12, dynamicsOnly: false }))).toEqual(['action_encoder', 'encoder', 'pred_proj', 'predictor', 'probe', 'projector']);
  });
});

describe('bad inputs give coded errors, never a crash', () => {
  it('refuses to resume from a corrupt checkpoint', async () => {
    const out = await tempDir();
    await runToEnd({ data, out, preset: 'tiny', train: { ...quick, steps: 12 } });
    const path = join(out, CHECKPOINT_DIR, LAST_CHECKPOINT);
    const bytes = await readFile(path);
    bytes[bytes.length - 10] ^= 0xff;
    await writeFile(path, bytes);
    const { finished } = await runToEnd({ data, out, preset: 'tiny', train: quick, resume: true });
    expect(finished.reason).toBe('failed');
    expect(finished.error?.code).toBe(ErrorCodes.CHECKPOINT_CORRUPT);
  });

  it('refuses to fine-tune a model on data of other dimensions', async () => {
    const base = await tempDir();
    await runToEnd({ data, out: base, preset: 'tiny', train: { ...quick, steps: 12 } });
    const other = syntheticData({ episodes: 4, length: 120, joints: 3, seed: 5 });
    const { finished } = await runToEnd({ data: other, out: await tempDir(), init: base, train: quick });
    expect(finished.error?.code).toBe(ErrorCodes.MODEL_INCOMPATIBLE);
    expect(finished.error?.message).toMatch(/expects 4 observation and 2 action values, the data has 6 and 3/);
  });

  it('says how long episodes must be when none fits a window', async () => {
    const short = syntheticData({ episodes: 3, length: 12, seed: 1 });
    const { finished } = await runToEnd({ data: short, out: await tempDir(), preset: 'tiny', train: quick });
    expect(finished.error?.code).toBe(ErrorCodes.DATASET_INCOMPATIBLE);
    expect(finished.error?.message).toMatch(/16 frames/);
  });
});
