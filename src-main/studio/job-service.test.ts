import { describe, expect, it } from 'vitest';
import { ErrorCodes, PraxisError } from '../api';
import { JobService } from './job-service';

const until = async (pred: () => boolean) => {
  for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!pred()) throw new Error('timed out');
};

describe('JobService', () => {
  it('reports progress and the result of a job', async () => {
    const jobs = new JobService();
    const gate: { open?: () => void } = {};
    const job = jobs.start('copy', async ({ progress }) => {
      progress(1, 4, 'copying');
      await new Promise<void>((r) => {
        gate.open = r;
      });
      progress(4, 4, 'copying');
      return '/tmp/out';
    });
    expect(jobs.list().jobs[0]).toMatchObject({ id: job.id, state: 'running', done: 1, total: 4, phase: 'copying' });
    gate.open?.();
    await until(() => jobs.list().jobs[0].state === 'done');
    expect(jobs.list().jobs[0]).toMatchObject({ state: 'done', done: 4, result: '/tmp/out', error: null });
  });

  it('cancels through the abort signal and says cancelled, not failed', async () => {
    const jobs = new JobService();
    const job = jobs.start('slow', ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new PraxisError(ErrorCodes.CANCELLED, 'cancelled')))));
    jobs.cancel(job.id);
    await until(() => jobs.list().jobs[0].state !== 'running');
    expect(jobs.list().jobs[0]).toMatchObject({ state: 'cancelled', error: null });
  });

  it('keeps a failed job with its coded error and hint', async () => {
    const jobs = new JobService();
    jobs.start('broken', async () => {
      throw new PraxisError(ErrorCodes.DATASET_CORRUPT, 'meta/info.json is not JSON', 'Restore it from a backup.');
    });
    await until(() => jobs.list().jobs[0].state !== 'running');
    expect(jobs.list().jobs[0]).toMatchObject({ state: 'failed', error: { code: ErrorCodes.DATASET_CORRUPT, hint: 'Restore it from a backup.' } });
    expect(() => jobs.cancel(99)).toThrow(PraxisError);
  });
});
