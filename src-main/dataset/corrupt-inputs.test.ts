import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dataset } from './dataset';
import { recordEpisode, specFor, withTempDir } from './testing/fixtures';
import { verifyDataset } from './verify';

/** Hash of every file under `dir` (except the recording folder), to prove nothing else was touched. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'recording') await walk(p);
      } else out[p.slice(dir.length)] = createHash('sha1').update(await readFile(p)).digest('hex');
    }
  };
  await walk(dir);
  return out;
}

describe('corrupt datasets', () => {
  it('a truncated data parquet gives DATASET_CORRUPT naming the file, and a new recording leaves everything else as it was', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor());
      await recordEpisode(ds, 50, 'a');
      await recordEpisode(ds, 50, 'a');
      const data = join(dir, 'data/chunk-000/file-000.parquet');
      await truncate(data, (await stat(data)).size - 100);
      const before = await snapshot(dir);

      const reopened = await Dataset.open(dir);
      await expect(reopened.readEpisode(0)).rejects.toMatchObject({ code: 'DATASET_CORRUPT', details: { file: data } });
      const problems = await verifyDataset(dir);
      expect(problems).toContainEqual(expect.objectContaining({ code: 'DATASET_CORRUPT', file: 'data/chunk-000/file-000.parquet', severity: 'error' }));

      // saving into the damaged file fails before anything is committed; the episode stays in its log
      await expect(recordEpisode(reopened, 20, 'b')).rejects.toMatchObject({ code: 'DATASET_CORRUPT' });
      expect(await snapshot(dir)).toEqual(before);
      expect(await reopened.pendingLogs()).toHaveLength(1);
    });
  });

  it('a bad info.json gives DATASET_CORRUPT naming meta/info.json; a missing one DATASET_NOT_FOUND', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor());
      await recordEpisode(ds, 10, 'a');
      await writeFile(join(dir, 'meta/info.json'), '{"codebase_version": "v3.0", "fps": ');
      const before = await snapshot(dir);
      await expect(Dataset.open(dir)).rejects.toMatchObject({ code: 'DATASET_CORRUPT', details: { file: join(dir, 'meta/info.json') } });
      expect(await verifyDataset(dir)).toEqual([expect.objectContaining({ code: 'DATASET_CORRUPT', file: 'meta/info.json' })]);
      expect(await snapshot(dir)).toEqual(before);
      await expect(Dataset.open(join(dir, 'nowhere'))).rejects.toMatchObject({ code: 'DATASET_NOT_FOUND' });
    });
  });

  it('a LeRobot v2.1 dataset is DATASET_INCOMPATIBLE with the conversion command as the next step', async () => {
    await withTempDir(async (dir) => {
      await Dataset.openOrCreate(dir, specFor());
      const info = JSON.parse(await readFile(join(dir, 'meta/info.json'), 'utf8'));
      await writeFile(join(dir, 'meta/info.json'), JSON.stringify({ ...info, codebase_version: 'v2.1' }));
      await expect(Dataset.open(dir)).rejects.toMatchObject({ code: 'DATASET_INCOMPATIBLE', hint: expect.stringContaining('convert_dataset_v21_to_v30') });
    });
  });

  it('a missing video file is reported as DATASET_CORRUPT naming the video', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor({ front: { width: 32, height: 32 } }));
      await recordEpisode(ds, 20, 'a', { front: [32, 32] });
      await recordEpisode(ds, 20, 'a', { front: [32, 32] });
      await rm(join(dir, 'videos/observation.images.front/chunk-000/file-000.mp4'));
      const before = await snapshot(dir);
      const problems = await verifyDataset(dir);
      expect(problems.filter((p) => p.severity === 'error')).toEqual([
        expect.objectContaining({ code: 'DATASET_CORRUPT', file: 'videos/observation.images.front/chunk-000/file-000.mp4' }),
      ]);
      expect(await snapshot(dir)).toEqual(before);
    });
  });

  it('a healthy dataset verifies clean', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor({ front: { width: 32, height: 32 } }));
      await recordEpisode(ds, 30, 'a', { front: [32, 32] });
      await recordEpisode(ds, 25, 'b', { front: [32, 32] });
      expect(await verifyDataset(dir)).toEqual([]);
    });
  });
});

describe('missing video encoder', () => {
  it('saving a camera episode without ffmpeg fails with VIDEO_ENCODER_MISSING and keeps the episode log', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor({ front: { width: 64, height: 64 } }));
      const saved = process.env.PRAXIS_FFMPEG;
      process.env.PRAXIS_FFMPEG = join(dir, 'no-such-ffmpeg');
      try {
        const error = await recordEpisode(ds, 10, 'a', { front: [64, 64] }).catch((e) => e);
        expect(error).toMatchObject({ code: 'VIDEO_ENCODER_MISSING', hint: expect.stringContaining('apt-get install ffmpeg') });
      } finally {
        if (saved === undefined) delete process.env.PRAXIS_FFMPEG;
        else process.env.PRAXIS_FFMPEG = saved;
      }
      expect(await ds.pendingLogs()).toHaveLength(1);
      expect(ds.info().total_episodes).toBe(0);
      const [report] = await ds.recover(); // ffmpeg is back: nothing was lost
      expect(report).toMatchObject({ episodeIndex: 0, frames: 10 });
    });
  });
});
