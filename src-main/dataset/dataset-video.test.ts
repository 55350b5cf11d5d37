import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dataset } from './dataset';
import { duckQuery } from './duckdb-check';
import { cameraFrame, recordEpisode, specFor, withTempDir } from './test-fixtures';
import { decodeVideoFrames, probeVideo } from './video-encoder';

describe('Dataset camera video', () => {
  it('encodes one yuv420p MP4 per episode with one frame per row at i/fps and records where each episode sits', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor({ wrist: { width: 96, height: 72 } }));
      await recordEpisode(ds, 50, 'pick', { wrist: [96, 72] });
      await recordEpisode(ds, 30, 'pick', { wrist: [96, 72] });

      const first = join(dir, 'videos/observation.images.wrist/chunk-000/file-000.mp4');
      const probe = await probeVideo(first);
      expect(probe).toMatchObject({ pixFmt: 'yuv420p', width: 96, height: 72, fps: 100, frames: 50, firstPts: 0 });
      expect(['av1', 'h264']).toContain(probe.codec);
      expect(probe.duration).toBeCloseTo(0.5, 4);
      expect((await probeVideo(join(dir, 'videos/observation.images.wrist/chunk-000/file-001.mp4'))).frames).toBe(30);

      const info = JSON.parse(await readFile(join(dir, 'meta/info.json'), 'utf8'));
      expect(info.features['observation.images.wrist']).toMatchObject({ dtype: 'video', shape: [72, 96, 3], names: ['height', 'width', 'channels'] });
      expect(info.features['observation.images.wrist'].info).toMatchObject({ 'video.codec': probe.codec, 'video.pix_fmt': 'yuv420p', 'video.fps': 100, 'video.g': 2 });

      const eps = await duckQuery(`SELECT * FROM '${join(dir, 'meta/episodes/chunk-000/file-000.parquet')}' ORDER BY episode_index`);
      expect(eps.map((e) => [Number(e['videos/observation.images.wrist/file_index']), e['videos/observation.images.wrist/from_timestamp'], e['videos/observation.images.wrist/to_timestamp']])).toEqual([
        [0, 0, 0.5],
        [1, 0, 0.3],
      ]);
      // image stats are per channel, (3,1,1), in [0,1]
      const stats = JSON.parse(await readFile(join(dir, 'meta/stats.json'), 'utf8'));
      expect(stats['observation.images.wrist'].mean).toHaveLength(3);
      expect(stats['observation.images.wrist'].mean[0]).toHaveLength(1);
      expect(stats['observation.images.wrist'].max[2][0][0]).toBeLessThanOrEqual(1);

      // the 10th frame decodes close to what the camera saw (lossy codec: compare the mean)
      const [decoded] = await decodeVideoFrames(first, 10 / 100, 1, 96, 72);
      const sent = cameraFrame(10, 96, 72).data;
      let err = 0;
      for (let i = 0; i < sent.length; i++) err += Math.abs(sent[i] - decoded[i]);
      expect(err / sent.length).toBeLessThan(12);
    });
  });
});
