import type { RecorderStatus } from '../../../src-main/api';

type Report = NonNullable<RecorderStatus['report']>;

/** What the last recording session did: frames and time, ticks the loop missed or ran late, episodes cut at a gap. */
export function SessionReport({ report, fps }: { report: Report; fps: number }) {
  return (
    <div className="record__report" data-testid="recorder-report">
      <div>
        Last session: {report.episodes} episode{report.episodes === 1 ? '' : 's'}, {report.frames} frames ({report.seconds.toFixed(2)} s at {fps} Hz)
        {report.stopped && ', stopped early'}.
      </div>
      {report.missedTicks > 0 && (
        <div className="muted">
          {report.missedTicks} ticks missed by the loop: their commands were held, and their frames sampled from the robot's state at their own times.
        </div>
      )}
      {report.lateTicks > 0 && <div className="muted">{report.lateTicks} ticks ran more than half a period late.</div>}
      {report.gaps.map((g) => (
        <div className="warn" key={g.episode}>
          Episode {g.episode + 1} ended at {g.atS.toFixed(2)} s: no state from the robot for {(g.silentS * 1000).toFixed(0)} ms.
        </div>
      ))}
      {report.error && <div className="inline-error">{report.error}</div>}
    </div>
  );
}
