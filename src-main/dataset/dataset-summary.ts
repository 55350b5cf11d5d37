// Dataset statistics for people (the episode browser, `praxis dataset info`): totals, outcomes, tags, and
// per-joint ranges and histograms read from the data files.
import { join } from 'node:path';
import { ErrorCodes, PraxisError } from '../api';
import type { Dataset, OperationOptions } from './dataset';
import { ACTION_KEY, dataFilePath, STATE_KEY } from './lerobot-format';
import { readParquetRows } from './parquet-io';

export interface JointSummary {
  feature: string;
  joint: string;
  min: number;
  max: number;
  mean: number;
  std: number;
  /** The unit the values are recorded in (feature-units.ts). */
  unit: string;
  /** `bins` equal-width bins over [min, max]. */
  histogram: { min: number; max: number; counts: number[] };
}

export interface DatasetSummary {
  episodes: number;
  frames: number;
  hours: number;
  fps: number;
  tasks: string[];
  success: { succeeded: number; failed: number; unmarked: number };
  tags: Record<string, number>;
  joints: JointSummary[];
}

export async function summarizeDataset(ds: Dataset, options: OperationOptions & { bins?: number } = {}): Promise<DatasetSummary> {
  const info = ds.info();
  const episodes = ds.episodes();
  const bins = options.bins ?? 32;
  const stats = ds.normalisationStats();
  const joints: JointSummary[] = [];
  const index = new Map<string, JointSummary>();
  for (const feature of [STATE_KEY, ACTION_KEY]) {
    const spec = info.features[feature];
    const s = stats[feature];
    if (!spec || !s) continue;
    const names = Array.isArray(spec.names) ? spec.names : spec.shape.map((_, i) => `${i}`);
    names.forEach((joint, d) => {
      const j: JointSummary = { feature, joint, min: s.min[d], max: s.max[d], mean: s.mean[d], std: s.std[d], unit: spec.units?.[d] ?? 'unknown', histogram: { min: s.min[d], max: s.max[d], counts: new Array(bins).fill(0) } };
      joints.push(j);
      index.set(`${feature}/${d}`, j);
    });
  }
  const files = [...new Set(episodes.map((e) => ds.episodeRecord(e.index)).map((r) => dataFilePath(info, r.dataChunk, r.dataFile)))];
  for (const [n, file] of files.entries()) {
    if (options.signal?.aborted) throw new PraxisError(ErrorCodes.CANCELLED, 'Dataset statistics were cancelled');
    options.onProgress?.(n, files.length, file);
    for (const row of await readParquetRows(join(ds.root, file), [STATE_KEY, ACTION_KEY])) {
      for (const feature of [STATE_KEY, ACTION_KEY]) {
        const v = row[feature] as number[] | undefined;
        if (!v) continue;
        for (let d = 0; d < v.length; d++) {
          const j = index.get(`${feature}/${d}`);
          if (!j) continue;
          const span = j.max - j.min;
          const b = span > 0 ? Math.min(bins - 1, Math.floor(((v[d] - j.min) / span) * bins)) : 0;
          j.histogram.counts[Math.max(0, b)]++;
        }
      }
    }
  }
  options.onProgress?.(files.length, files.length, 'done');
  const tags: Record<string, number> = {};
  for (const e of episodes) for (const t of e.tags) tags[t] = (tags[t] ?? 0) + 1;
  return {
    episodes: episodes.length,
    frames: info.total_frames,
    hours: info.total_frames / info.fps / 3600,
    fps: info.fps,
    tasks: [...new Set(episodes.flatMap((e) => e.tasks))],
    success: {
      succeeded: episodes.filter((e) => e.success === true).length,
      failed: episodes.filter((e) => e.success === false).length,
      unmarked: episodes.filter((e) => e.success === null).length,
    },
    tags,
    joints,
  };
}
