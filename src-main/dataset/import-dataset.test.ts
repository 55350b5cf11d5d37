import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dataset } from './dataset';
import { importLeRobotDataset } from './import-dataset';
import { recordEpisode, specFor, withTempDir } from './test-fixtures';

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
