import { describe, expect, it } from 'vitest';
import { Dataset } from './dataset';
import { LiveVideo } from './live-video';
import { cameraFrame, jointState, recordEpisode, specFor, withTempDir } from './testing/fixtures';
import type { VideoEncoder, VideoStreamEncoder } from './video-encoder';

/** An encoder that never accepts a frame: the stand-in for a machine too busy to encode in real time. */
const stuckEncoder: VideoEncoder = {
  codec: 'libx264',
  infoFields: {},
  open: (): VideoStreamEncoder => ({ write: () => new Promise(() => undefined), finish: async () => undefined, abort: () => undefined }),
};

describe('live camera encoding', () => {
  it('encodes while recording, so save only closes the files', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor({ cam: { width: 64, height: 64 } }));
      const report = await recordEpisode(ds, 50, 'a', { cam: [64, 64] });
      expect(report).toMatchObject({ episodeIndex: 0, frames: 50, video: 'live' });
      const [frame] = await ds.readCameraFrames(0, 'cam', 20, 1);
      const sent = cameraFrame(20, 64, 64).data;
      expect(sent.reduce((a, v, i) => a + Math.abs(v - frame.data[i]), 0) / sent.length).toBeLessThan(12);
      expect(await ds.pendingLogs()).toEqual([]);
    });
  });

  it('gives up when the encoder falls more than 3 s behind, and the episode is made from the log instead', async () => {
    await withTempDir(async (dir) => {
      const live = new LiveVideo(`${dir}/x.mcap`, { cam: { width: 8, height: 8 } }, { cam: stuckEncoder }, 100);
      const image = { width: 8, height: 8, data: new Uint8Array(192) };
      for (let i = 0; i < 299; i++) live.push({ cam: image });
      expect(live.healthy).toBe(true);
      for (let i = 0; i < 5; i++) live.push({ cam: image });
      expect(live.healthy).toBe(false);
      expect(await live.finish()).toBeNull();

      const ds = await Dataset.openOrCreate(`${dir}/ds`, specFor({ cam: { width: 64, height: 64 } }));
      const ep = await ds.beginEpisode({ task: 'replayed' });
      for (let i = 0; i < 20; i++) ep.appendFrame({ timestamp: i / 100, state: jointState(i), action: jointState(i), images: { cam: cameraFrame(i, 64, 64) } });
      const logPath = ep.path;
      // the crash path: the process dies, live files are lost, recovery replays the log
      await ep.flush();
      const recovered = await ds.finalizeLog(logPath);
      expect(recovered).toMatchObject({ frames: 20, video: 'replayed' });
      expect((await ds.readCameraFrames(0, 'cam', 0, 20)).length).toBe(20);
    });
  });
});

describe('recovery progress', () => {
  it('reports replay progress and can be cancelled without losing the log', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor({ cam: { width: 64, height: 64 } }));
      const ep = await ds.beginEpisode({ task: 'interrupted' });
      for (let i = 0; i < 250; i++) ep.appendFrame({ timestamp: i / 100, state: jointState(i), action: jointState(i), images: { cam: cameraFrame(i, 64, 64) } });
      await ep.flush(); // as if the process died here

      const other = await Dataset.open(dir);
      const controller = new AbortController();
      const cancelled = await other.recover({ signal: controller.signal, onProgress: (row) => row >= 100 && controller.abort() }).catch((e) => e);
      expect(cancelled).toMatchObject({ code: 'CANCELLED' });
      expect(await other.pendingLogs()).toHaveLength(1);
      expect(other.info().total_episodes).toBe(0);

      const seen: number[] = [];
      const [report] = await other.recover({ onProgress: (row) => seen.push(row) });
      expect(report).toMatchObject({ frames: 250, video: 'replayed' });
      expect(seen).toContain(200);
    });
  });
});
