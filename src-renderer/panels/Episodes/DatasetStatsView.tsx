import { useEffect, useState } from 'react';
import type { DatasetStats } from '../../../src-main/api';
import { ErrorNotice } from '../../ErrorNotice';
import { useStudio } from '../../state/context';
import type { Failure } from '../../state/failures';

/** Totals and one small histogram per joint: what is in the flywheel, at a glance. */
export function DatasetStatsView({ path, version }: { path: string; version: number }) {
  const { api, failures } = useStudio();
  const [stats, setStats] = useState<DatasetStats | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  useEffect(() => {
    setStats(null);
    api
      .call('dataset.stats', { path })
      .then(setStats)
      .catch((e) => setError(failures.report('Compute dataset statistics', e)));
    void version;
  }, [api, path, version, failures]);
  if (error) return <ErrorNotice failure={error} />;
  if (!stats) return <div className="muted">Computing statistics…</div>;
  return (
    <div className="dataset-stats" data-testid="dataset-stats">
      <p>
        {stats.episodes} episodes · {stats.frames.toLocaleString()} frames · {(stats.hours * 60).toFixed(1)} min at {stats.fps} fps ·{' '}
        {stats.success.succeeded} ✓ {stats.success.failed} ✗ {stats.success.unmarked} unmarked
      </p>
      <div className="histograms">
        {stats.joints
          .filter((j) => j.feature === 'observation.state')
          .map((j) => (
            <figure key={`${j.feature}/${j.joint}`}>
              <Histogram counts={j.histogram.counts} />
              <figcaption>
                {j.joint} <span className="muted">[{j.min.toFixed(2)}, {j.max.toFixed(2)}]</span>
              </figcaption>
            </figure>
          ))}
      </div>
    </div>
  );
}

function Histogram({ counts }: { counts: number[] }) {
  const max = Math.max(1, ...counts);
  const w = 120;
  const h = 36;
  const bw = w / Math.max(1, counts.length);
  return (
    <svg width={w} height={h} role="img" aria-label="histogram">
      {counts.map((c, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: bins are positional
        <rect key={i} x={i * bw} y={h - (c / max) * h} width={Math.max(1, bw - 1)} height={(c / max) * h} fill="#4fc3f7" />
      ))}
    </svg>
  );
}
