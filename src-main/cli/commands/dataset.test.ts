import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Dataset } from '../../dataset';
import { recordEpisode, specFor, withTempDir } from '../../dataset/testing/fixtures';
import { run } from './dataset';

async function capture(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  try {
    return { code: await run(argv), stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('praxis dataset', () => {
  it('info prints totals and joint ranges, and --json the same as data', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor());
      await recordEpisode(ds, 120, 'stack blocks');
      const human = await capture(['info', dir, '--episodes']);
      expect(human.code).toBe(0);
      expect(human.stdout).toContain('1 episodes, 120 frames');
      expect(human.stdout).toContain('shoulder_pan');
      const json = await capture(['info', dir, '--json']);
      expect(JSON.parse(json.stdout).summary).toMatchObject({ episodes: 1, frames: 120, tasks: ['stack blocks'] });
    });
  });

  it('verify exits 0 on a good dataset and 1 with the coded problem on a bad one', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor());
      await recordEpisode(ds, 20, 'a');
      expect((await capture(['verify', dir])).code).toBe(0);
      const { writeFile } = await import('node:fs/promises');
      await writeFile(join(dir, 'meta/episodes/chunk-000/file-000.parquet'), 'garbage');
      const bad = await capture(['verify', dir, '--json']);
      expect(bad.code).toBe(1);
      expect(JSON.parse(bad.stdout).problems[0]).toMatchObject({ code: 'DATASET_CORRUPT', file: 'meta/episodes/chunk-000/file-000.parquet' });
    });
  });

  it('a missing dataset is a readable DATASET_NOT_FOUND, exit 1; bad usage exits 2', async () => {
    const r = await capture(['info', '/nonexistent/praxis-dataset']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('DATASET_NOT_FOUND');
    expect((await capture(['frobnicate'])).code).toBe(2);
    expect((await capture(['--help'])).code).toBe(0);
  });

  it('recover finalizes an episode log left in .praxis/recording', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor());
      await ds.close();
      const { mkdir } = await import('node:fs/promises');
      const { EpisodeLogWriter } = await import('../../dataset/testing/log-writer');
      await mkdir(join(dir, '.praxis/recording'), { recursive: true });
      const log = await EpisodeLogWriter.create(join(dir, '.praxis/recording/episode-left-behind.mcap'), { task: 'left behind', fps: 100, startedAt: '2026-01-01T00:00:00Z', stateSize: 6, actionSize: 6, cameras: [] });
      for (let i = 0; i < 25; i++) log.append(i / 100, new Float32Array(6), new Float32Array(6));
      await log.close();
      const r = await capture(['recover', dir]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('episode 0, 25 frames');
      expect((await Dataset.open(dir)).info().total_frames).toBe(25);
      expect((await capture(['recover', dir])).stdout).toBe('nothing to recover');
    });
  });

  it('export writes an MCAP and import copies a dataset', async () => {
    await withTempDir(async (dir) => {
      const src = join(dir, 'src');
      const ds = await Dataset.openOrCreate(src, specFor());
      await recordEpisode(ds, 20, 'a');
      const exp = await capture(['export', src, '--episode', '0', '--out', join(dir, 'e0.mcap'), '--json']);
      expect(exp.code).toBe(0);
      expect(JSON.parse(exp.stdout)).toMatchObject({ episode: 0, messages: 40 });
      const imp = await capture(['import', src, join(dir, 'copy'), '--json']);
      expect(imp.code).toBe(0);
      expect(JSON.parse(imp.stdout).info).toMatchObject({ total_episodes: 1 });
    });
  });
});
