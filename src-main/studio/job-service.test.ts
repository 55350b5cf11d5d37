import { describe, expect, it } from 'vitest';
import { ErrorCodes, type Job, PraxisError } from '../api';
import { JobService } from './job-service';

/** Resolves on the jobs stream's first update in which the first job has left 'running', as a client sees it. */
function firstJobSettled(jobs: JobService): Promise<Job> {
  return new Promise((resolve) => {
    const cursor = jobs.openStream();
    const check = () => {
      const job = cursor.poll()?.jobs[0];
      if (job && job.state !== 'running') {
        cursor.close();
        resolve(job);
      }
    };
    cursor.onReady(check);
    check();
  });
}

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
    const settled = firstJobSettled(jobs);
    gate.open?.();
    expect(await settled).toMatchObject({ state: 'done', done: 4, result: '/tmp/out' });
    expect(jobs.list().jobs[0]).toMatchObject({ state: 'done', done: 4, result: '/tmp/out', error: null });
  });

  it('cancels through the abort signal and says cancelled, not failed', async () => {
    const jobs = new JobService();
    const job = jobs.start('slow', ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new PraxisError(ErrorCodes.CANCELLED, 'cancelled')))));
    const settled = firstJobSettled(jobs);
    jobs.cancel(job.id);
    expect(await settled).toMatchObject({ state: 'cancelled' });
    expect(jobs.list().jobs[0]).toMatchObject({ state: 'cancelled', error: null });
  });

  it('keeps a failed job with its coded error and hint', async () => {
    const jobs = new JobService();
    const settled = firstJobSettled(jobs);
    jobs.start('broken', async () => {
      throw new PraxisError(ErrorCodes.DATASET_CORRUPT, 'meta/info.json is not JSON', 'Restore it from a backup.');
    });
    expect(await settled).toMatchObject({ state: 'failed' });
    expect(jobs.list().jobs[0]).toMatchObject({ state: 'failed', error: { code: ErrorCodes.DATASET_CORRUPT, hint: 'Restore it from a backup.' } });
    expect(() => jobs.cancel(99)).toThrow(PraxisError);
  });
});
