import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dataset } from './dataset';
import { duckQuery } from './testing/duckdb-check';
import { JOINTS, recordEpisode, specFor, withTempDir } from './testing/fixtures';

describe('Dataset recording', () => {
  it('records episodes at 100 Hz into a LeRobot v3.0 dataset that DuckDB reads back consistently', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor());
      await recordEpisode(ds, 150, 'pick the red cube');
      await recordEpisode(ds, 80, 'place it in the bowl');
      await recordEpisode(ds, 120, 'pick the red cube');

      const data = join(dir, 'data/chunk-000/file-000.parquet');
      const types = Object.fromEntries((await duckQuery(`DESCRIBE SELECT * FROM '${data}'`)).map((r) => [r.column_name, r.column_type]));
      expect(types).toEqual({
        'observation.state': 'FLOAT[]',
        action: 'FLOAT[]',
        timestamp: 'FLOAT',
        frame_index: 'BIGINT',
        episode_index: 'BIGINT',
        index: 'BIGINT',
        task_index: 'BIGINT',
      });
      const perEpisode = await duckQuery(
        `SELECT episode_index, count(*) AS n, min("index") AS lo, max("index") AS hi, min(frame_index) AS f0, max(frame_index) AS f1,
                bool_and(len("observation.state") = 6) AS widths, min(task_index) AS t0, max(task_index) AS t1
         FROM '${data}' GROUP BY episode_index ORDER BY episode_index`,
      );
      expect(perEpisode.map((r) => [Number(r.episode_index), Number(r.n), Number(r.lo), Number(r.hi), Number(r.f0), Number(r.f1), r.widths, Number(r.t0), Number(r.t1)])).toEqual([
        [0, 150, 0, 149, 0, 149, true, 0, 0],
        [1, 80, 150, 229, 0, 79, true, 1, 1],
        [2, 120, 230, 349, 0, 119, true, 0, 0],
      ]);
      // one row group per episode, as LeRobot writes them
      const groups = await duckQuery(`SELECT row_group_id, max(row_group_num_rows) AS n FROM parquet_metadata('${data}') GROUP BY 1 ORDER BY 1`);
      expect(groups.map((g) => Number(g.n))).toEqual([150, 80, 120]);
      // timestamps strictly increase within an episode and sit on the 1/fps grid
      const bad = await duckQuery(
        `SELECT count(*) AS n FROM (SELECT timestamp - lag(timestamp) OVER (PARTITION BY episode_index ORDER BY frame_index) AS dt FROM '${data}') WHERE dt IS NOT NULL AND abs(dt - 0.01) > 1e-4`,
      );
      expect(Number(bad[0].n)).toBe(0);

      const info = JSON.parse(await readFile(join(dir, 'meta/info.json'), 'utf8'));
      expect(info).toMatchObject({ codebase_version: 'v3.0', total_episodes: 3, total_frames: 350, total_tasks: 2, fps: 100, splits: { train: '0:3' } });
      // JOINTS carry no `.pos` suffix, so Praxis does not know their unit and says so rather than guess.
      expect(info.features['observation.state']).toEqual({ dtype: 'float32', shape: [6], names: JOINTS, units: JOINTS.map(() => 'unknown') });

      const episodes = await duckQuery(`SELECT * FROM '${join(dir, 'meta/episodes/chunk-000/file-000.parquet')}' ORDER BY episode_index`);
      expect(episodes.map((e) => [Number(e.dataset_from_index), Number(e.dataset_to_index), Number(e.length)])).toEqual([
        [0, 150, 150],
        [150, 230, 80],
        [230, 350, 120],
      ]);
      expect(episodes[1].tasks).toEqual(['place it in the bowl']);
      expect(Number((episodes[0]['stats/observation.state/count'] as bigint[])[0])).toBe(150);

      const tasks = await duckQuery(`SELECT task, task_index FROM '${join(dir, 'meta/tasks.parquet')}' ORDER BY task_index`);
      expect(tasks.map((t) => [t.task, Number(t.task_index)])).toEqual([
        ['pick the red cube', 0],
        ['place it in the bowl', 1],
      ]);

      const stats = JSON.parse(await readFile(join(dir, 'meta/stats.json'), 'utf8'));
      expect(stats['observation.state'].count).toEqual([350]);
      expect(stats['observation.state'].min).toHaveLength(6);
      expect(stats.index).toMatchObject({ min: [0], max: [349] });
    });
  });

  it('reads an episode back as typed columns', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor());
      await recordEpisode(ds, 40, 'wave');
      await recordEpisode(ds, 30, 'wave');
      const reopened = await Dataset.open(dir);
      const ep = await reopened.readEpisode(1);
      expect(ep.length).toBe(30);
      expect(ep.columns['observation.state'].values).toBeInstanceOf(Float32Array);
      expect(ep.columns['observation.state'].values[6]).toBeCloseTo(Math.sin(0.01), 6);
      expect(Array.from(ep.columns.index.values.slice(0, 2))).toEqual([40, 41]);
    });
  });

  it('refuses to append to a dataset recorded with other joints', async () => {
    await withTempDir(async (dir) => {
      await Dataset.openOrCreate(dir, specFor());
      await expect(Dataset.openOrCreate(dir, { ...specFor(), stateNames: ['a', 'b'] })).rejects.toMatchObject({ code: 'DATASET_INCOMPATIBLE' });
    });
  });
});

describe('recording back to back', () => {
  it('the next episode records while the previous one is still being finalized', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor({ cam: { width: 64, height: 64 } }));
      const { cameraFrame, jointState } = await import('./testing/fixtures');
      const first = await ds.beginEpisode({ task: 'one' });
      for (let i = 0; i < 60; i++) first.appendFrame({ timestamp: i / 100, state: jointState(i), action: jointState(i), images: { cam: cameraFrame(i, 64, 64) } });
      const saving = first.save(); // not awaited: encoding runs while the operator starts the next take
      const second = await ds.beginEpisode({ task: 'two' });
      for (let i = 0; i < 40; i++) second.appendFrame({ timestamp: i / 100, state: jointState(i), action: jointState(i), images: { cam: cameraFrame(i, 64, 64) } });
      const [a, b] = await Promise.all([saving, second.save()]);
      expect([a.episodeIndex, b.episodeIndex]).toEqual([0, 1]);
      expect(ds.episodes().map((e) => [e.length, e.tasks[0]])).toEqual([
        [60, 'one'],
        [40, 'two'],
      ]);
      expect(ds.episodeRecord(1).videos['observation.images.cam']).toMatchObject({ fromTimestamp: 0.6, toTimestamp: 1 });
    });
  });
});
