import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dataset } from './dataset';
import { summarizeDataset } from './dataset-summary';
import { duckQuery } from './testing/duckdb-check';
import { recordEpisode, specFor, withTempDir } from './testing/fixtures';
import { verifyDataset } from './verify';

describe('episode operations', () => {
  it('tags and outcome marks persist beside the dataset, not inside LeRobot files', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor());
      await recordEpisode(ds, 20, 'a');
      await recordEpisode(ds, 20, 'a');
      await ds.setTags(1, ['clean', 'demo', 'clean', ' ']);
      await ds.setSuccess(1, false);
      await ds.setNotes(0, 'operator sneezed');
      const again = await Dataset.open(dir);
      expect(again.episodes().map((e) => [e.tags, e.success, e.notes])).toEqual([
        [[], null, 'operator sneezed'],
        [['clean', 'demo'], false, ''],
      ]);
      await expect(again.setTags(5, ['x'])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });
  });

  it('deleting an episode renumbers episode_index and the global index in the data, metadata and studio notes', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor({ front: { width: 64, height: 64 } }));
      for (const n of [30, 40, 50]) await recordEpisode(ds, n, `task ${n}`, { front: [64, 64] });
      await ds.setTags(2, ['last']);
      await ds.deleteEpisode(1);

      expect(ds.info()).toMatchObject({ total_episodes: 2, total_frames: 80, splits: { train: '0:2' } });
      expect(ds.episodes().map((e) => [e.index, e.length, e.tags])).toEqual([
        [0, 30, []],
        [1, 50, ['last']],
      ]);
      const rows = await duckQuery(
        `SELECT episode_index, min("index") AS lo, max("index") AS hi, count(*) AS n FROM '${join(dir, 'data/*/*.parquet')}' GROUP BY 1 ORDER BY 1`,
      );
      expect(rows.map((r) => [Number(r.episode_index), Number(r.lo), Number(r.hi), Number(r.n)])).toEqual([
        [0, 0, 29, 30],
        [1, 30, 79, 50],
      ]);
      // the surviving episode still points at its own segment of the shared video
      expect(ds.episodeRecord(1).videos['observation.images.front']).toMatchObject({ file: 0, fromTimestamp: 0.7 });
      expect(await verifyDataset(dir)).toEqual([]);
    });
  });

  it('trimming keeps [from, to), restamps frames from 0 and moves the video window instead of re-encoding', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor({ front: { width: 64, height: 64 } }));
      await recordEpisode(ds, 100, 'a', { front: [64, 64] });
      await recordEpisode(ds, 40, 'a', { front: [64, 64] });
      const before = await ds.readEpisode(0);
      await ds.trim(0, 20, 70);

      const after = await ds.readEpisode(0);
      expect(after.length).toBe(50);
      expect(Array.from(after.columns['observation.state'].values.slice(0, 6))).toEqual(Array.from(before.columns['observation.state'].values.slice(120, 126)));
      expect(after.columns.timestamp.values[0]).toBe(0);
      expect(after.columns.frame_index.values[49]).toBe(49);
      const v = ds.episodeRecord(0).videos['observation.images.front'];
      expect(v.fromTimestamp).toBeCloseTo(0.2, 9);
      expect(v.toTimestamp).toBeCloseTo(0.7, 9);
      expect(ds.episodeRecord(1)).toMatchObject({ from: 50, to: 90 });
      expect(ds.normalisationStats()['observation.state'].count).toEqual([90]);
      expect(await verifyDataset(dir)).toEqual([]);
      await expect(ds.trim(1, 30, 30)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });
  });

  it('summarises episodes, frames, hours and per-joint ranges and histograms', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor());
      await recordEpisode(ds, 200, 'a');
      await recordEpisode(ds, 160, 'b');
      await ds.setSuccess(0, true);
      await ds.setTags(1, ['slow']);
      const progress: number[] = [];
      const s = await summarizeDataset(ds, { bins: 10, onProgress: (d) => progress.push(d) });
      expect(s).toMatchObject({ episodes: 2, frames: 360, fps: 100, tasks: ['a', 'b'], success: { succeeded: 1, failed: 0, unmarked: 1 }, tags: { slow: 1 } });
      expect(s.hours).toBeCloseTo(360 / 100 / 3600, 12);
      expect(s.joints).toHaveLength(12);
      const pan = s.joints[0];
      expect(pan).toMatchObject({ feature: 'observation.state', joint: 'shoulder_pan' });
      expect(pan.histogram.counts.reduce((a, b) => a + b, 0)).toBe(360);
      expect(pan.min).toBeCloseTo(Math.sin(0), 6);
      expect(pan.max).toBeCloseTo(Math.sin(1.57), 5); // sin peaks inside the episode
      expect(progress.at(-1)).toBe(1);
    });
  });
});
