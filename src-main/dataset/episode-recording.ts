// The handle a recorder holds while an episode is being recorded: append frames at the control rate, then
// save (finalize into the dataset) or discard. Frames are checked here so a bad one never reaches the log.
import { ErrorCodes, PraxisError } from '../api';
import type { RecoveryReport } from './dataset';
import type { EpisodeLogWriter } from './episode-log';
import type { CameraSpec } from './episode-video';
import type { RgbFrame } from './frame-codec';
import type { LiveVideo, LiveVideoResult } from './live-video';

export interface RecordedFrame {
  /** Seconds on the session's monotonic clock; kept in the log, LeRobot's column is frame_index / fps. */
  timestamp: number;
  state: Float32Array;
  action: Float32Array;
  /** Camera name → RGB image; a camera may skip frames (its last image is held in the video). */
  images?: Record<string, RgbFrame>;
}

export class EpisodeRecording {
  private state: 'recording' | 'saving' | 'done' = 'recording';
  private lastTimestamp = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly log: EpisodeLogWriter,
    private readonly cameras: Record<string, CameraSpec>,
    /** Queues the finalize at once (episodes commit in save order); it starts when `ready` resolves. */
    private readonly finalize: (path: string, ready: Promise<LiveVideoResult | null>) => Promise<RecoveryReport>,
    private readonly remove: (path: string) => Promise<void>,
    private readonly live?: LiveVideo,
  ) {}

  /** Still taking frames (false once save() or discard() was called). */
  get active(): boolean {
    return this.state === 'recording';
  }

  get path(): string {
    return this.log.path;
  }

  get frameCount(): number {
    return this.log.frameCount;
  }

  /** Bytes of the log already fsynced (what would survive a crash now). */
  get durableBytes(): number {
    return this.log.durableBytes;
  }

  appendFrame(frame: RecordedFrame): void {
    if (this.state !== 'recording') throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'This episode is no longer recording', 'Begin a new episode.');
    const h = this.log.header;
    if (frame.state.length !== h.stateSize || frame.action.length !== h.actionSize) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Frame has ${frame.state.length} state / ${frame.action.length} action values, the dataset expects ${h.stateSize} / ${h.actionSize}`, 'Record with the robot profile the dataset was created for.');
    }
    if (!(frame.timestamp > this.lastTimestamp)) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Frame timestamp ${frame.timestamp} is not after the previous one (${this.lastTimestamp})`, 'Stamp frames from one monotonic clock.');
    }
    if (frame.images) {
      for (const [cam, img] of Object.entries(frame.images)) {
        const spec = this.cameras[cam];
        if (!spec) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Camera ${cam} is not part of this dataset`, `Known cameras: ${Object.keys(this.cameras).join(', ') || 'none'}.`);
        if (img.width !== spec.width || img.height !== spec.height || img.data.length !== img.width * img.height * 3) {
          throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Camera ${cam} image is ${img.width}x${img.height} (${img.data.length} bytes), expected ${spec.width}x${spec.height} RGB`);
        }
      }
    }
    this.lastTimestamp = frame.timestamp;
    this.log.append(frame.timestamp, frame.state, frame.action, frame.images);
    if (this.live) {
      // the caller may reuse its buffers; the encoder queue needs its own copies
      const images = frame.images && Object.fromEntries(Object.entries(frame.images).map(([cam, i]) => [cam, { ...i, data: i.data.slice() }]));
      this.live.push(images);
    }
  }

  /** Wait until every appended frame is durable. */
  async flush(): Promise<void> {
    await this.log.flush();
  }

  /** Close the log and finalize it into the dataset. If finalizing fails the log stays for `recover()`. */
  async save(): Promise<RecoveryReport> {
    if (this.state !== 'recording') throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'This episode was already saved or discarded');
    this.state = 'saving';
    try {
      const ready = (async () => {
        await this.log.close();
        return (await this.live?.finish()) ?? null;
      })();
      return await this.finalize(this.log.path, ready);
    } finally {
      this.state = 'done';
    }
  }

  async discard(): Promise<void> {
    if (this.state !== 'recording') return;
    this.state = 'done';
    await this.log.abandon();
    await this.live?.abort();
    await this.remove(this.log.path);
  }
}
