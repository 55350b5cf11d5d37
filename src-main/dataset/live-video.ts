// Encoding camera video while the episode records, so save() only has to close the files. The episode log
// still holds every raw frame: if live encoding falls behind, fails, or the process dies, finalize replays
// the log instead. Appending never waits: frames queue behind each camera's encoder, up to a bound.
import { rm } from 'node:fs/promises';
import { CameraRows } from './camera-rows';
import type { CameraSpec } from './episode-video';
import { fsyncFile } from './episode-video';
import type { RgbFrame } from './frame-codec';
import type { VideoEncoder, VideoStreamEncoder } from './video-encoder';

/** Give up live encoding (and replay the log at save) once this many seconds of frames wait for a camera. */
const MAX_BACKLOG_S = 3;

export interface LiveVideoResult {
  /** Rows encoded per camera (equal for all cameras). */
  rows: number;
  files: Record<string, string>;
}

export class LiveVideo {
  private readonly cams = new Map<string, { stream: VideoStreamEncoder; path: string; rule: CameraRows; queue: Promise<void>; backlog: number; failed?: unknown }>();
  private rows = 0;
  private abandoned = false;

  constructor(
    logPath: string,
    cameras: Record<string, CameraSpec>,
    encoders: Record<string, VideoEncoder>,
    private readonly fps: number,
  ) {
    for (const [cam, spec] of Object.entries(cameras)) {
      // Beside the log, not a dataset temp file: an open of the dataset must not sweep it away mid-episode.
      const path = `${logPath}.${cam}.mp4`;
      this.cams.set(cam, { stream: encoders[cam].open({ path, width: spec.width, height: spec.height, fps }), path, rule: new CameraRows(), queue: Promise.resolve(), backlog: 0 });
    }
  }

  /** Whether live encoding is still on (false after it fell behind or failed). */
  get healthy(): boolean {
    return !this.abandoned;
  }

  /** One dataset row: this row's new images (already validated and copied by the caller). */
  push(images: Record<string, RgbFrame> | undefined): void {
    if (this.abandoned) return;
    for (const [cam, c] of this.cams) {
      for (const image of c.rule.row(images?.[cam]?.data)) {
        if (c.backlog > MAX_BACKLOG_S * this.fps || c.failed) {
          this.abandon();
          return;
        }
        c.backlog++;
        c.queue = c.queue
          .then(() => (c.failed ? undefined : c.stream.write(image)))
          .catch((e) => {
            c.failed = e;
          })
          .finally(() => {
            c.backlog--;
          });
      }
    }
    this.rows++;
  }

  /** Close the files. Null when live encoding was abandoned; the log replay then makes the video. */
  async finish(): Promise<LiveVideoResult | null> {
    if (this.abandoned) return null;
    const files: Record<string, string> = {};
    try {
      for (const [cam, c] of this.cams) {
        await c.queue;
        if (c.failed || !c.rule.started) throw c.failed ?? new Error(`camera ${cam} sent no image`);
        await c.stream.finish();
        await fsyncFile(c.path);
        files[cam] = c.path;
      }
    } catch {
      await this.abort();
      return null;
    }
    return { rows: this.rows, files };
  }

  private abandon(): void {
    this.abandoned = true;
    void this.abort();
  }

  async abort(): Promise<void> {
    this.abandoned = true;
    for (const c of this.cams.values()) {
      c.stream.abort();
      await rm(c.path, { force: true });
    }
  }
}
