import { useEffect, useState } from 'react';
import { useStudio } from './state/context';
import { attempt } from './state/failures';
import { useLatest } from './state/use-stream';

const FINISHED_VISIBLE_MS = 30_000;

/** Long operations with a progress bar and a cancel button; finished ones stay until dismissed. */
export function JobsBar() {
  const { api, failures } = useStudio();
  const list = useLatest('job.list');
  const [dismissed, setDismissed] = useState<Set<number>>(new Set());
  // Finished jobs fade out after a while; failures stay until dismissed, since they carry a next step.
  const finished = (list?.jobs ?? []).filter((j) => j.state === 'done' || j.state === 'cancelled').map((j) => j.id);
  const key = finished.join();
  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for the finished ids
  useEffect(() => {
    if (!key) return;
    const timer = setTimeout(() => setDismissed((d) => new Set([...d, ...finished])), FINISHED_VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [key]);
  const jobs = (list?.jobs ?? []).filter((j) => !dismissed.has(j.id));
  if (jobs.length === 0) return null;
  return (
    <div className="jobs" data-testid="jobs">
      {jobs.map((j) => {
        const fraction = j.total > 0 ? j.done / j.total : 0;
        return (
          <div key={j.id} className={`job job--${j.state}`}>
            <span className="job__label">{j.label}</span>
            {j.state === 'running' ? (
              <>
                <div className="progress" role="progressbar" aria-valuenow={Math.round(fraction * 100)} aria-valuemin={0} aria-valuemax={100}>
                  <div className="progress__bar" style={{ width: `${fraction * 100}%` }} />
                </div>
                <span className="muted">{j.phase}</span>
                <button type="button" onClick={() => void attempt(failures, `Cancel ${j.label}`, () => api.call('job.cancel', { id: j.id }))}>
                  Cancel
                </button>
              </>
            ) : (
              <>
                <span className={j.state === 'done' ? 'good' : 'bad'}>
                  {j.state === 'done' ? `done${j.result ? `: ${j.result}` : ''}` : j.state === 'cancelled' ? 'cancelled' : `${j.error?.message ?? 'failed'} ${j.error?.hint ?? ''}`}
                </span>
                <button type="button" aria-label="Dismiss" onClick={() => setDismissed(new Set([...dismissed, j.id]))}>
                  ×
                </button>
              </>
            )}
          </div>
        );
      })}
    </div>
  );
}
