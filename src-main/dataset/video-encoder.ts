// Camera frames become MP4 through the system ffmpeg: raw RGB24 is piped in, yuv420p AV1 (libsvtav1, LeRobot's
// default) or H.264 (libx264) comes out. The interface is small so a WebCodecs encoder in the renderer can
// stand in later: it only has to turn RGB frames at a fixed fps into an MP4 file.
import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { ErrorCodes, PraxisError } from '../api';

const run = promisify(execFile);

export type VideoCodecChoice = 'libsvtav1' | 'libx264';

export interface VideoEncodeTarget {
  /** Where the finished MP4 is written (a temp path; the caller commits it atomically). */
  path: string;
  width: number;
  height: number;
  fps: number;
}

export interface VideoStreamEncoder {
  /** Add one RGB24 frame; resolves when the encoder can take more (backpressure). */
  write(rgb: Uint8Array): Promise<void>;
  /** Flush and close; resolves once the file is complete. */
  finish(): Promise<void>;
  abort(): void;
}

export interface VideoEncoder {
  readonly codec: VideoCodecChoice;
  /** The values LeRobot records under a video feature's `info` (video.codec, pix_fmt, g, crf, ...). */
  readonly infoFields: Record<string, unknown>;
  open(target: VideoEncodeTarget): VideoStreamEncoder;
}

export function ffmpegBinary(): string {
  return process.env.PRAXIS_FFMPEG ?? 'ffmpeg';
}

function ffprobeBinary(): string {
  return process.env.PRAXIS_FFPROBE ?? 'ffprobe';
}

function encoderMissing(detail: string): PraxisError {
  return new PraxisError(
    ErrorCodes.VIDEO_ENCODER_MISSING,
    `Camera video cannot be encoded: ${detail}`,
    'Install ffmpeg with AV1 or H.264 support (Debian/Ubuntu: `sudo apt-get install ffmpeg`; macOS: `brew install ffmpeg`), or point PRAXIS_FFMPEG at an ffmpeg binary. Recorded episodes are kept in the episode log until then.',
  );
}

const encoderLists = new Map<string, Promise<string>>();

/**
 * Pick the codec: AV1 first (LeRobot's default, smallest files), H.264 when SVT-AV1 is absent or the frames
 * are under SVT-AV1's 64-pixel minimum.
 */
export async function detectVideoEncoder(prefer?: VideoCodecChoice, frame?: { width: number; height: number }): Promise<VideoEncoder> {
  const binary = ffmpegBinary();
  let pending = encoderLists.get(binary);
  if (!pending) {
    pending = run(binary, ['-hide_banner', '-encoders'], { maxBuffer: 8 << 20 }).then(
      (r) => r.stdout,
      (e: NodeJS.ErrnoException) => {
        encoderLists.delete(binary);
        throw encoderMissing(e.code === 'ENOENT' ? `ffmpeg was not found (${binary})` : `ffmpeg did not run (${e.message})`);
      },
    );
    encoderLists.set(binary, pending);
  }
  const list = await pending;
  const has = (name: string) => new RegExp(`^\\s*V\\S*\\s+${name}\\s`, 'm').test(list);
  const order: VideoCodecChoice[] = prefer === 'libx264' ? ['libx264', 'libsvtav1'] : ['libsvtav1', 'libx264'];
  const fits = (c: VideoCodecChoice) => c !== 'libsvtav1' || !frame || (frame.width >= 64 && frame.height >= 64);
  const codec = order.find((c) => has(c) && fits(c));
  if (!codec) throw encoderMissing(`this ffmpeg has no encoder for ${frame ? `${frame.width}x${frame.height} ` : ''}frames (needs libsvtav1, or libx264 below 64 px)`);
  return new FfmpegVideoEncoder(codec);
}

/** GOP of 2 frames as LeRobot's VideoEncoderConfig uses, so seeking any frame decodes at most one other. */
const GOP = 2;

export class FfmpegVideoEncoder implements VideoEncoder {
  constructor(readonly codec: VideoCodecChoice) {}

  get infoFields(): Record<string, unknown> {
    return this.codec === 'libsvtav1'
      ? { 'video.g': GOP, 'video.crf': 30, 'video.preset': 12, 'video.fast_decode': 0 }
      : { 'video.g': GOP, 'video.crf': 23, 'video.preset': 'veryfast', 'video.fast_decode': 0 };
  }

  private codecArgs(): string[] {
    return this.codec === 'libsvtav1'
      ? ['-c:v', 'libsvtav1', '-g', String(GOP), '-crf', '30', '-preset', '12']
      : ['-c:v', 'libx264', '-g', String(GOP), '-crf', '23', '-preset', 'veryfast', '-bf', '0'];
  }

  open(target: VideoEncodeTarget): VideoStreamEncoder {
    const args = [
      '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${target.width}x${target.height}`, '-r', String(target.fps), '-i', 'pipe:0',
      ...this.codecArgs(),
      '-pix_fmt', 'yuv420p', '-r', String(target.fps), '-an', '-f', 'mp4', target.path,
    ];
    return new FfmpegStream(spawn(ffmpegBinary(), args, { stdio: ['pipe', 'pipe', 'pipe'] }), target);
  }
}

class FfmpegStream implements VideoStreamEncoder {
  private stderr = '';
  private readonly exited: Promise<number | null>;
  private spawnError: Error | undefined;

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly target: VideoEncodeTarget,
  ) {
    child.stderr.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    child.stdin.on('error', () => undefined); // surfaced through the exit code
    this.exited = new Promise((resolve) => {
      child.on('error', (e) => {
        this.spawnError = e;
        resolve(null);
      });
      child.on('close', (code) => resolve(code));
    });
  }

  async write(rgb: Uint8Array): Promise<void> {
    if (rgb.length !== this.target.width * this.target.height * 3) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `camera frame has ${rgb.length} bytes, expected ${this.target.width}x${this.target.height}x3`);
    }
    if (this.spawnError) throw encoderMissing(this.spawnError.message);
    if (!this.child.stdin.write(rgb)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.child.stdin.off('drain', done);
          this.child.off('close', done);
          resolve();
        };
        this.child.stdin.once('drain', done);
        this.child.once('close', done);
      });
    }
  }

  async finish(): Promise<void> {
    this.child.stdin.end();
    const code = await this.exited;
    if (this.spawnError) throw encoderMissing(this.spawnError.message);
    if (code !== 0) {
      const errors = this.stderr.split('\n').filter((l) => l.trim() && !l.includes('[info]')).join('\n');
      throw new PraxisError(ErrorCodes.INTERNAL, `ffmpeg failed to encode ${this.target.path}: ${errors || `exit ${code}`}`, 'Check the camera frame size (even width and height work best) and the ffmpeg build.');
    }
  }

  abort(): void {
    this.child.kill('SIGKILL');
  }
}

export interface VideoProbe {
  codec: string;
  pixFmt: string;
  width: number;
  height: number;
  fps: number;
  frames: number;
  duration: number;
  firstPts: number;
}

/** Stream facts as LeRobot's get_video_info reads them (codec canonical name, pix_fmt, base rate). */
export async function probeVideo(path: string): Promise<VideoProbe> {
  try {
    const { stdout } = await run(ffprobeBinary(), [
      '-v', 'error', '-select_streams', 'v:0', '-count_packets',
      '-show_entries', 'stream=codec_name,pix_fmt,width,height,r_frame_rate,nb_read_packets,duration,start_time',
      '-of', 'json', path,
    ]);
    const s = JSON.parse(stdout).streams?.[0];
    if (!s) throw new Error('no video stream');
    const [num, den] = String(s.r_frame_rate).split('/').map(Number);
    return {
      codec: s.codec_name,
      pixFmt: s.pix_fmt,
      width: s.width,
      height: s.height,
      fps: num / (den || 1),
      frames: Number(s.nb_read_packets),
      duration: Number(s.duration),
      firstPts: Number(s.start_time ?? 0),
    };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' && !String(err.path ?? '').includes(path)) throw encoderMissing('ffprobe was not found on PATH');
    throw new PraxisError(ErrorCodes.DATASET_CORRUPT, `${path} is not a readable video (${err.message.split('\n')[0]})`, 'Restore the video from a backup or re-record the episode.', { file: path });
  }
}

/** Decode `count` frames starting at `fromTimestamp` seconds into RGB24 buffers. */
export async function decodeVideoFrames(path: string, fromTimestamp: number, count: number, width: number, height: number): Promise<Uint8Array[]> {
  const child = spawn(ffmpegBinary(), [
    // Seek a hair early (LeRobot's 1e-4 s tolerance): frames are 1/fps apart, so this lands on the right one.
    '-hide_banner', '-loglevel', 'error', '-ss', Math.max(0, fromTimestamp - 1e-4).toFixed(6), '-i', path,
    '-frames:v', String(count), '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
  ]);
  const chunks: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => chunks.push(d));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', (e) => reject(encoderMissing(e.message)));
    child.on('close', resolve);
  });
  if (code !== 0) throw new PraxisError(ErrorCodes.DATASET_CORRUPT, `cannot decode ${path}: ${stderr.trim()}`, 'Run `praxis dataset verify` on the dataset.', { file: path });
  const all = Buffer.concat(chunks);
  const size = width * height * 3;
  const frames: Uint8Array[] = [];
  for (let o = 0; o + size <= all.length; o += size) frames.push(new Uint8Array(all.subarray(o, o + size)));
  return frames;
}

/**
 * Append `addition` to `existing` without re-encoding (ffmpeg's concat demuxer, stream copy), writing `out`.
 * Both must come from the same encoder settings, as LeRobot's concatenate_video_files assumes.
 */
export async function concatVideos(existing: string, addition: string, out: string): Promise<void> {
  const list = `${out}.ffconcat`;
  const quote = (p: string) => `'${p.replace(/'/g, "'\\''")}'`;
  await writeFile(list, `ffconcat version 1.0\nfile ${quote(existing)}\nfile ${quote(addition)}\n`);
  try {
    await run(ffmpegBinary(), ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-movflags', 'faststart', '-f', 'mp4', out]);
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw encoderMissing(`ffmpeg was not found (${ffmpegBinary()})`);
    throw new PraxisError(ErrorCodes.INTERNAL, `ffmpeg could not append to ${existing}: ${err.stderr?.trim() || err.message}`, 'Run `praxis dataset verify`; the dataset itself was not changed.', { file: existing });
  } finally {
    await rm(list, { force: true });
  }
}
