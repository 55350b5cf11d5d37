import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dataset } from './dataset';
import { importLeRobotDataset } from './import-dataset';
import { recordEpisode, specFor, withTempDir } from './testing/fixtures';

describe('import', () => {
  it('copies a verified LeRobot v3.0 dataset into place and opens it, reporting progress', async () => {
    await withTempDir(async (dir) => {
      const src = join(dir, 'src');
      const ds = await Dataset.openOrCreate(src, specFor({ top: { width: 64, height: 64 } }));
      await recordEpisode(ds, 40, 'a', { top: [64, 64] });
      await recordEpisode(ds, 30, 'b', { top: [64, 64] });
      const progress: string[] = [];
      const { dataset, problems } = await importLeRobotDataset(src, join(dir, 'dst'), { onProgress: (_d, _t, what) => progress.push(what) });
      expect(problems).toEqual([]);
      expect(dataset.info()).toMatchObject({ total_episodes: 2, total_frames: 70 });
      expect((await dataset.readEpisode(1)).length).toBe(30);
      expect(progress).toContain('meta/info.json');
      // and the imported copy keeps recording
      await recordEpisode(dataset, 10, 'c', { top: [64, 64] });
      expect(dataset.info().total_episodes).toBe(3);
    });
  });

  it('a cancelled import leaves no destination and no staging directory', async () => {
    await withTempDir(async (dir) => {
      const src = join(dir, 'src');
      const ds = await Dataset.openOrCreate(src, specFor());
      await recordEpisode(ds, 40, 'a');
      const controller = new AbortController();
      const error = await importLeRobotDataset(src, join(dir, 'dst'), {
        signal: controller.signal,
        onProgress: (_d, _t, what) => {
          if (what.startsWith('meta/')) controller.abort();
        },
      }).catch((e) => e);
      expect(error).toMatchObject({ code: 'CANCELLED' });
      expect((await readdir(dir)).sort()).toEqual(['src']);
    });
  });

  it('refuses a dataset that fails verification, naming the bad file', async () => {
    await withTempDir(async (dir) => {
      const src = join(dir, 'src');
      const ds = await Dataset.openOrCreate(src, specFor());
      await recordEpisode(ds, 40, 'a');
      await writeFile(join(src, 'data/chunk-000/file-000.parquet'), 'PAR1 not really');
      await expect(importLeRobotDataset(src, join(dir, 'dst'))).rejects.toMatchObject({ code: 'DATASET_CORRUPT', message: expect.stringContaining('data/chunk-000/file-000.parquet') });
      expect((await readdir(dir)).sort()).toEqual(['src']);
    });
  });
});

describe('datasets written by LeRobot', () => {
  it('episode metadata split over several files (LeRobot resumes into a new one) is read, then consolidated on the next commit', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor());
      await recordEpisode(ds, 20, 'a');
      await recordEpisode(ds, 20, 'b');
      // split meta/episodes into two files the way LeRobot's writer leaves it after a resumed session
      const { readParquetRows, encodeParquet } = await import('./parquet-io');
      const { mkdir, writeFile: write } = await import('node:fs/promises');
      const rows = await readParquetRows(join(dir, 'meta/episodes/chunk-000/file-000.parquet'));
      const cols = (rs: Record<string, unknown>[]) => [
        { name: 'episode_index', type: 'INT64' as const, data: BigInt64Array.from(rs.map((r) => BigInt(r.episode_index as bigint))) },
        { name: 'tasks', type: 'STRING' as const, listDepth: 1 as const, data: rs.map((r) => r.tasks) },
        ...['length', 'data/chunk_index', 'data/file_index', 'dataset_from_index', 'dataset_to_index'].map((n) => ({ name: n, type: 'INT64' as const, data: BigInt64Array.from(rs.map((r) => BigInt(r[n] as bigint))) })),
      ];
      await write(join(dir, 'meta/episodes/chunk-000/file-000.parquet'), encodeParquet(cols([rows[0]])));
      await mkdir(join(dir, 'meta/episodes/chunk-000'), { recursive: true });
      await write(join(dir, 'meta/episodes/chunk-000/file-001.parquet'), encodeParquet(cols([rows[1]])));

      const reopened = await Dataset.openOrCreate(dir, specFor());
      expect(reopened.episodes().map((e) => e.tasks)).toEqual([['a'], ['b']]);
      await recordEpisode(reopened, 10, 'c');
      expect((await readdir(join(dir, 'meta/episodes/chunk-000'))).filter((f) => !f.startsWith('.'))).toEqual(['file-000.parquet']);
      expect((await Dataset.open(dir)).episodes().map((e) => e.length)).toEqual([20, 20, 10]);
    });
  });
});
