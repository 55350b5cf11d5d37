import { ErrorCodes, type Job, PraxisError, toErrorData } from '../api';
import { LatestValueCursor } from './cursors';

/** Finished jobs kept for the UI to show. */
const KEEP_FINISHED = 10;
/** Progress pushes per second per job at most. */
const PUSH_HZ = 5;

export interface JobContext {
  signal: AbortSignal;
  progress(done: number, total: number, phase: string): void;
}

/**
 * Long operations as cancellable jobs with progress. A job is a function of an AbortSignal and a
 * progress callback; it runs in the background and its state is streamed to every client.
 */
export class JobService {
  private nextId = 1;
  private readonly jobs = new Map<number, { job: Job; abort: AbortController }>();
  private readonly cursors = new Set<LatestValueCursor<{ jobs: Job[] }>>();
  private lastPush = 0;
  private pushTimer: ReturnType<typeof setTimeout> | null = null;

  start(label: string, run: (ctx: JobContext) => Promise<string | null>): Job {
    const id = this.nextId++;
    const abort = new AbortController();
    const job: Job = { id, label, state: 'running', done: 0, total: 0, phase: 'starting', result: null, error: null };
    this.jobs.set(id, { job, abort });
    this.publish(true);
    void run({
      signal: abort.signal,
      progress: (done, total, phase) => {
        job.done = done;
        job.total = total;
        job.phase = phase;
        this.publish(false);
      },
    })
      .then((result) => {
        job.state = 'done';
        job.result = result;
        job.phase = 'done';
      })
      .catch((e) => {
        const d = toErrorData(e);
        job.state = abort.signal.aborted || d.code === ErrorCodes.CANCELLED ? 'cancelled' : 'failed';
        job.phase = job.state;
        if (job.state === 'failed') job.error = { code: d.code, message: d.message, hint: d.hint };
      })
      .finally(() => {
        this.prune();
        this.publish(true);
      });
    return { ...job };
  }

  cancel(id: number): void {
    const entry = this.jobs.get(id);
    if (!entry) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `No job ${id}.`, 'It may have finished already.');
    entry.abort.abort();
  }

  list(): { jobs: Job[] } {
    return { jobs: [...this.jobs.values()].map((e) => ({ ...e.job })) };
  }

  openStream(): LatestValueCursor<{ jobs: Job[] }> {
    const c: LatestValueCursor<{ jobs: Job[] }> = new LatestValueCursor(this.list(), () => this.cursors.delete(c));
    this.cursors.add(c);
    return c;
  }

  /** Cancel everything still running (shutdown). */
  cancelAll(): void {
    for (const e of this.jobs.values()) if (e.job.state === 'running') e.abort.abort();
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((e) => e.job.state !== 'running');
    for (const e of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(e.job.id);
  }

  private publish(now: boolean): void {
    const send = () => {
      this.pushTimer = null;
      this.lastPush = Date.now();
      const list = this.list();
      for (const c of this.cursors) c.offer(list);
    };
    if (now) {
      if (this.pushTimer) clearTimeout(this.pushTimer);
      send();
    } else if (!this.pushTimer) {
      this.pushTimer = setTimeout(send, Math.max(0, 1000 / PUSH_HZ - (Date.now() - this.lastPush)));
    }
  }
}
