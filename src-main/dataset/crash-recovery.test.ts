import { spawn } from 'node:child_process';
import { mkdir, readdir, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dataset } from './dataset';
import { duckQuery } from './testing/duckdb-check';
import { readEpisodeLog } from './episode-log';
import { recordEpisode, specFor, withTempDir } from './testing/fixtures';

const here = new URL('.', import.meta.url).pathname;

describe('crash recovery', () => {
  it('recovers an episode whose recorder was SIGKILLed mid-episode, losing at most 1 s at 100 Hz', { timeout: 120_000 }, async () => {
    await withTempDir(async (dir) => {
      const before = await Dataset.openOrCreate(dir, specFor());
      await recordEpisode(before, 60, 'warm up');
      await before.close(); // hand the writer lock to the recorder process

      // detached: its own process group, so the kill reaches the node process behind npx and tsx too
      const child = spawn('npx', ['tsx', join(here, 'sigkill-recorder.fixture.ts'), dir], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      let appended = 0;
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          const m = /frames (\d+)\n$/.exec(d.toString());
          if (m) appended = Number(m[1]);
          if (appended >= 250) resolve();
        });
        // No watchdog timer: the test's own timeout bounds a recorder that makes no progress.
        child.on('exit', () => reject(new Error(`recorder exited early after ${appended} frames: ${stderr}`)));
      });
      process.kill(-(child.pid as number), 'SIGKILL');
      await new Promise((r) => child.once('close', r));
      const killedAt = appended;

      const ds = await Dataset.open(dir);
      const [log] = await ds.pendingLogs();
      expect(log).toBeDefined();
      const reports = await ds.recover();
      expect(reports).toHaveLength(1);
      const recovered = reports[0].frames;
      expect(recovered).toBeGreaterThan(0);
      expect(killedAt - recovered).toBeLessThanOrEqual(100); // ≤ 1 s lost at 100 Hz
      expect(reports[0].episodeIndex).toBe(1);

      const again = await Dataset.open(dir);
      expect(again.info()).toMatchObject({ total_episodes: 2, total_frames: 60 + recovered });
      const rows = await duckQuery(`SELECT count(*) AS n, max("index") AS hi FROM '${join(dir, 'data/chunk-000/file-000.parquet')}'`);
      expect([Number(rows[0].n), Number(rows[0].hi)]).toEqual([60 + recovered, 60 + recovered - 1]);
      expect(await again.pendingLogs()).toEqual([]);
    });
  });

  it('skips a torn last chunk and counts its bytes', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor());
      const ep = await ds.beginEpisode({ task: 'torn', flushIntervalMs: 1e9 });
      for (let i = 0; i < 30; i++) ep.appendFrame({ timestamp: i / 100, state: new Float32Array(6).fill(i), action: new Float32Array(6) });
      await ep.flush(); // chunk 1: 30 frames, durable
      const afterFirst = ep.durableBytes;
      for (let i = 30; i < 50; i++) ep.appendFrame({ timestamp: i / 100, state: new Float32Array(6).fill(i), action: new Float32Array(6) });
      await ep.flush(); // chunk 2: 20 frames
      const path = ep.path;
      const size = (await stat(path)).size;
      expect(size).toBe(ep.durableBytes);
      await truncate(path, Math.floor((afterFirst + size) / 2)); // the crash tore chunk 2
      const contents = await readEpisodeLog(path);
      expect(contents.frameCount).toBe(30);
      expect(contents.tornBytes).toBeGreaterThan(0);
      expect(contents.complete).toBe(false);
    });
  });

  it('removes a log that died before its header reached the disk', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor());
      await mkdir(join(dir, '.praxis/recording'), { recursive: true });
      await writeFile(join(dir, '.praxis/recording/episode-empty.mcap'), '');
      expect(await ds.recover()).toEqual([expect.objectContaining({ episodeIndex: null, frames: 0 })]);
      expect(await ds.pendingLogs()).toEqual([]);
      expect(ds.info().total_episodes).toBe(0);
    });
  });

  it('is idempotent: a log whose episode was already committed is not added twice', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor());
      const ep = await ds.beginEpisode({ task: 'once' });
      for (let i = 0; i < 20; i++) ep.appendFrame({ timestamp: i / 100, state: new Float32Array(6), action: new Float32Array(6) });
      const report = await ep.save();
      expect(report.episodeIndex).toBe(0);
      expect(await readdir(join(dir, '.praxis/recording'))).toEqual([]);
      const reopened = await Dataset.open(dir);
      expect((await reopened.recover()).length).toBe(0);
      expect(reopened.info().total_episodes).toBe(1);
    });
  });
});
