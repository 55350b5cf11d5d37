import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainingEvent } from './events';
import { syntheticData } from './testing/synthetic';
import { TRAINING_LOG, TrainingJob } from './training-job';
import type { TrainingRequest } from './training-run';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** A tiny run on synthetic data in its own directory; the probe refit is off (training-run.test covers it). */
async function startJob(train: TrainingRequest['train'], extra: Partial<TrainingRequest> = {}): Promise<{ job: TrainingJob; out: string }> {
  const out = await mkdtemp(join(tmpdir(), 'praxis-job-'));
  dirs.push(out);
  const job = await TrainingJob.start({
    data: syntheticData({ episodes: 6, length: 100, seed: 2 }),
    out,
    preset: 'tiny',
    threads: 1,
    exportBatch: { encoder: 32, predictor: 32, probe: 32 },
    train: { batch: 16, warmupSteps: 2, sigregDirections: 16, evalWindows: 16, probeSteps: 0, ...train },
    ...extra,
  });
  return { job, out };
}

describe('TrainingJob in a worker thread', () => {
  it('trains, streams events, lists checkpoints and logs the run', async () => {
    const { job, out } = await startJob({ steps: 12, evalEvery: 6 });
    const seen: TrainingEvent['type'][] = [];
    job.on((e) => seen.push(e.type));
    const done = await job.done;
    expect(done.reason).toBe('completed');
    expect(seen).toContain('evaluation');
    expect(seen.at(-1)).toBe('finished');
    const snap = job.snapshot();
    expect(snap.status).toBe('finished');
    expect(snap.evaluations.length).toBe(2);
    expect(job.latestEvaluation()?.collapse.effectiveRank).toBeGreaterThan(1);
    expect((await job.checkpoints()).map((c) => c.kind)).toContain('best');
    const log = (await readFile(join(out, TRAINING_LOG), 'utf8')).trim().split('\n').map((l) => JSON.parse(l).type);
    expect(log[0]).toBe('started');
    expect(() => job.pause()).toThrow(/already finished/);
    const frames = syntheticData({ episodes: 1, length: 60, seed: 9 }).set.trajectories[0];
    const preview = await job.predict(frames, 3);
    expect(preview.predicted.length).toBe(preview.startFrames.length * 3 * 4);
    expect(preview.jointDims).toEqual([0, 1]);
    await job.dispose();
  });

  it('cancels a run on request and keeps a resumable checkpoint', async () => {
    const { job } = await startJob({ steps: 100000, evalEvery: 100000 }, { progressEveryMs: 0 });
    job.on((e) => {
      if (e.type === 'progress' && e.step === 3) job.cancel();
    });
    const done = await job.done;
    expect(done.reason).toBe('cancelled');
    expect(done.step).toBeGreaterThanOrEqual(3);
    expect((await job.checkpoints()).find((c) => c.kind === 'last')?.step).toBe(done.step);
  });
});
