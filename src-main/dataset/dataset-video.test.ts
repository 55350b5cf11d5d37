import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Dataset } from './dataset';
import { duckQuery } from './testing/duckdb-check';
import { cameraFrame, recordEpisode, specFor, withTempDir } from './testing/fixtures';
import { decodeVideoFrames, probeVideo } from './video-encoder';

const run = promisify(execFile);

describe('Dataset camera video', () => {
  it('packs episodes into one yuv420p MP4 per camera, one frame per row at from_timestamp + i/fps', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor({ wrist: { width: 96, height: 72 } }));
      await recordEpisode(ds, 50, 'pick', { wrist: [96, 72] });
      await recordEpisode(ds, 30, 'pick', { wrist: [96, 72] });

      const first = join(dir, 'videos/observation.images.wrist/chunk-000/file-000.mp4');
      const probe = await probeVideo(first);
      expect(probe).toMatchObject({ pixFmt: 'yuv420p', width: 96, height: 72, fps: 100, frames: 80, firstPts: 0 });
      expect(['av1', 'h264']).toContain(probe.codec);
      expect(probe.duration).toBeCloseTo(0.8, 4);
      // every frame sits exactly on the 1/fps grid across the episode boundary (LeRobot allows 1e-4 s)
      const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=pts_time', '-of', 'csv=p=0', first]);
      const pts = stdout.trim().split('\n').map(Number);
      expect(pts).toHaveLength(80);
      expect(pts.every((t, i) => Math.abs(t - i / 100) < 1e-4)).toBe(true);

      const info = JSON.parse(await readFile(join(dir, 'meta/info.json'), 'utf8'));
      expect(info.features['observation.images.wrist']).toMatchObject({ dtype: 'video', shape: [72, 96, 3], names: ['height', 'width', 'channels'] });
      expect(info.features['observation.images.wrist'].info).toMatchObject({ 'video.codec': probe.codec, 'video.pix_fmt': 'yuv420p', 'video.fps': 100, 'video.g': 2 });

      const eps = await duckQuery(`SELECT * FROM '${join(dir, 'meta/episodes/chunk-000/file-000.parquet')}' ORDER BY episode_index`);
      expect(eps.map((e) => [Number(e['videos/observation.images.wrist/file_index']), e['videos/observation.images.wrist/from_timestamp'], e['videos/observation.images.wrist/to_timestamp']])).toEqual([
        [0, 0, 0.5],
        [0, 0.5, 0.8],
      ]);
      // image stats are per channel, (3,1,1), in [0,1]
      const stats = JSON.parse(await readFile(join(dir, 'meta/stats.json'), 'utf8'));
      expect(stats['observation.images.wrist'].mean).toHaveLength(3);
      expect(stats['observation.images.wrist'].mean[0]).toHaveLength(1);
      expect(stats['observation.images.wrist'].max[2][0][0]).toBeLessThanOrEqual(1);

      // the 10th frame decodes close to what the camera saw (lossy codec: compare the mean)
      const meanError = (a: Uint8Array, b: Uint8Array) => a.reduce((acc, v, i) => acc + Math.abs(v - b[i]), 0) / a.length;
      const [tenth] = await decodeVideoFrames(first, 10 / 100, 1, 96, 72);
      expect(meanError(cameraFrame(10, 96, 72).data, tenth)).toBeLessThan(12);
      // the second episode's first frame is at its from_timestamp, not the first episode's last frame
      const [secondStart] = await decodeVideoFrames(first, 0.5, 1, 96, 72);
      expect(meanError(cameraFrame(0, 96, 72).data, secondStart)).toBeLessThan(12);
      expect(meanError(cameraFrame(49, 96, 72).data, secondStart)).toBeGreaterThan(20);
      // the same through the episode API
      const frames = await ds.readCameraFrames(1, 'wrist', 5, 3);
      expect(frames.map((f) => [f.width, f.height])).toEqual([[96, 72], [96, 72], [96, 72]]);
      expect(meanError(cameraFrame(6, 96, 72).data, frames[1].data)).toBeLessThan(12);
      expect(await ds.readCameraFrames(1, 'wrist', 29, 10)).toHaveLength(1);
    });
  });
});
