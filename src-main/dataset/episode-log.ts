// The crash-safe half of recording: each episode streams into an append-only MCAP file made of small,
// CRC-checked chunks. A chunk is sealed and fsynced at least every `flushIntervalMs`, so a hard kill loses
// at most the chunk being filled. Appending a frame never waits for the disk: sealed chunks queue behind
// one promise chain, which is the recorder's only backpressure.
import { open, type FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { McapChunkBuilder, McapRecordBuilder, McapStreamReader } from '@mcap/core';
import type { McapTypes } from '@mcap/core';
import { ErrorCodes, PraxisError } from '../api';
import { decodeFrame, decodeImage, encodeFrame, encodeImage, FRAME_ENCODING, IMAGE_ENCODING, type DecodedFrame, type RgbFrame } from './frame-codec';

export const EPISODE_LOG_PROFILE = 'praxis-episode';
export const EPISODE_METADATA_NAME = 'praxis.episode';
const FRAME_TOPIC = '/frame';
const CAMERA_TOPIC_PREFIX = '/camera/';

/** What the log needs to become a dataset episode again after a crash. */
export interface EpisodeLogHeader {
  task: string;
  fps: number;
  startedAt: string;
  stateSize: number;
  actionSize: number;
  cameras: string[];
}

export interface EpisodeLogOptions {
  /** Seal a chunk at least this often (ms). */
  flushIntervalMs?: number;
  /** Seal a chunk early when it grows past this many bytes. */
  maxChunkBytes?: number;
}

export class EpisodeLogWriter {
  private readonly records = new McapRecordBuilder();
  private readonly chunk = new McapChunkBuilder({ useMessageIndex: true });
  private readonly channels: McapTypes.Channel[] = [];
  private readonly schemas: McapTypes.Schema[] = [];
  private readonly cameraChannel = new Map<string, number>();
  private pending: Promise<void> = Promise.resolve();
  private failure: unknown;
  private lastSeal = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private frames = 0;
  private closed = false;
  /** Bytes written and fsynced so far. */
  durableBytes = 0;

  private constructor(
    private readonly file: FileHandle,
    readonly path: string,
    readonly header: EpisodeLogHeader,
    private readonly flushIntervalMs: number,
    private readonly maxChunkBytes: number,
  ) {}

  static async create(path: string, header: EpisodeLogHeader, options: EpisodeLogOptions = {}): Promise<EpisodeLogWriter> {
    const file = await open(path, 'wx');
    const writer = new EpisodeLogWriter(file, path, header, options.flushIntervalMs ?? 250, options.maxChunkBytes ?? 1 << 20);
    writer.defineChannels();
    const r = writer.records;
    r.writeMagic();
    r.writeHeader({ profile: EPISODE_LOG_PROFILE, library: 'praxis-studio' });
    r.writeMetadata({ name: EPISODE_METADATA_NAME, metadata: new Map([['header', JSON.stringify(header)]]) });
    await file.write(r.buffer);
    await file.datasync();
    writer.durableBytes = r.length;
    r.reset();
    writer.timer = setInterval(() => writer.sealIfDue(true), writer.flushIntervalMs);
    writer.timer.unref();
    return writer;
  }

  private defineChannels(): void {
    this.schemas.push({ id: 1, name: 'praxis.Frame', encoding: '', data: new Uint8Array() });
    this.channels.push({ id: 0, schemaId: 0, topic: FRAME_TOPIC, messageEncoding: FRAME_ENCODING, metadata: new Map() });
    this.header.cameras.forEach((cam, i) => {
      this.cameraChannel.set(cam, i + 1);
      this.channels.push({ id: i + 1, schemaId: 0, topic: CAMERA_TOPIC_PREFIX + cam, messageEncoding: IMAGE_ENCODING, metadata: new Map() });
    });
  }

  get frameCount(): number {
    return this.frames;
  }

  /** Queue one frame (and its camera images). Never blocks on I/O; throws if an earlier write failed. */
  append(timestamp: number, state: Float32Array, action: Float32Array, images?: Record<string, RgbFrame>): void {
    if (this.failure) throw this.failure;
    if (this.closed) throw new Error('episode log is closed');
    if (this.chunk.numMessages === 0) for (const c of this.channels) this.chunk.addChannel(c);
    const logTime = BigInt(Math.round(timestamp * 1e9));
    if (images) {
      for (const [cam, image] of Object.entries(images)) {
        const channelId = this.cameraChannel.get(cam);
        if (channelId === undefined) throw new Error(`camera ${cam} was not declared for this episode`);
        this.chunk.addMessage({ channelId, sequence: this.frames, logTime, publishTime: logTime, data: encodeImage(image) });
      }
    }
    this.chunk.addMessage({ channelId: 0, sequence: this.frames, logTime, publishTime: logTime, data: encodeFrame(timestamp, state, action) });
    this.frames++;
    this.sealIfDue(false);
  }

  private sealIfDue(fromTimer: boolean): void {
    if (this.chunk.numMessages === 0) return;
    const due = Date.now() - this.lastSeal >= this.flushIntervalMs || this.chunk.byteLength >= this.maxChunkBytes;
    if (due || (fromTimer && Date.now() - this.lastSeal >= this.flushIntervalMs)) this.seal();
  }

  /** Close the current chunk and queue it for a durable write. */
  private seal(): void {
    this.lastSeal = Date.now();
    const data = this.chunk.buffer;
    const r = new McapRecordBuilder();
    r.writeChunk({
      messageStartTime: this.chunk.messageStartTime,
      messageEndTime: this.chunk.messageEndTime,
      uncompressedSize: BigInt(data.length),
      uncompressedCrc: crc32(data),
      compression: '',
      records: data,
    });
    for (const index of this.chunk.indices) r.writeMessageIndex(index);
    const bytes = r.buffer.slice();
    this.chunk.reset();
    this.enqueue(bytes);
  }

  private enqueue(bytes: Uint8Array): void {
    this.pending = this.pending.then(async () => {
      if (this.failure) return;
      try {
        await this.file.write(bytes);
        await this.file.datasync();
        this.durableBytes += bytes.length;
      } catch (e) {
        this.failure = new PraxisError(
          ErrorCodes.STORAGE_WRITE_FAILED,
          `Cannot write the episode log ${this.path}: ${(e as Error).message}`,
          'Free disk space or check the drive, then save or discard the episode; frames already written stay recoverable.',
          { file: this.path, errno: (e as NodeJS.ErrnoException).code },
        );
      }
    });
  }

  /** Wait until everything appended so far is on disk. */
  async flush(): Promise<void> {
    if (this.chunk.numMessages > 0) this.seal();
    await this.pending;
    if (this.failure) throw this.failure;
  }

  /** Seal the last chunk and write the MCAP trailer, leaving a complete, valid file. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    await this.flush();
    this.closed = true;
    const r = this.records;
    r.writeDataEnd({ dataSectionCrc: 0 });
    r.writeFooter({ summaryStart: 0n, summaryOffsetStart: 0n, summaryCrc: 0 });
    r.writeMagic();
    await this.file.write(r.buffer);
    await this.file.datasync();
    await this.file.close();
  }

  /** Stop without the trailer (the file stays recoverable); used when discarding. */
  async abandon(): Promise<void> {
    clearInterval(this.timer);
    this.closed = true;
    await this.pending.catch(() => undefined);
    await this.file.close();
  }
}

export class EpisodeLogHeaderMissing extends Error {
  constructor(readonly path: string) {
    super(`${path} has no episode header (empty, or not a Praxis episode log)`);
  }
}

export interface EpisodeLogContents {
  header: EpisodeLogHeader;
  /** Frames from complete chunks, in order. */
  frameCount: number;
  /** Bytes after the last complete record (a chunk torn by a crash), 0 for a clean log. */
  tornBytes: number;
  /** True when the log ends with the MCAP trailer written by a clean close. */
  complete: boolean;
}

export type EpisodeLogEvent =
  | { kind: 'frame'; frame: DecodedFrame; logTime: bigint }
  | { kind: 'image'; camera: string; image: RgbFrame };

/**
 * Read an episode log front to back, calling `onEvent` for each message of each complete chunk.
 * A torn or CRC-failing tail ends the read and is reported, never thrown: that is the crash we recover from.
 */
export async function readEpisodeLog(path: string, onEvent?: (e: EpisodeLogEvent) => void | Promise<void>): Promise<EpisodeLogContents> {
  const reader = new McapStreamReader({ validateCrcs: true });
  const file = await open(path, 'r');
  let header: EpisodeLogHeader | undefined;
  const topics = new Map<number, string>();
  let frameCount = 0;
  let complete = false;
  let failed = false;
  try {
    const buf = Buffer.alloc(1 << 20);
    for (;;) {
      const { bytesRead } = await file.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      reader.append(buf.subarray(0, bytesRead).slice());
      let rec: McapTypes.TypedMcapRecord | undefined;
      try {
        rec = reader.nextRecord();
      } catch {
        failed = true; // a chunk whose CRC or framing does not check out: everything from here on is the torn tail
        break;
      }
      while (rec) {
        if (rec.type === 'Metadata' && rec.name === EPISODE_METADATA_NAME) {
          header = JSON.parse(rec.metadata.get('header') ?? '{}') as EpisodeLogHeader;
        } else if (rec.type === 'Channel') {
          topics.set(rec.id, rec.topic);
        } else if (rec.type === 'Message') {
          const topic = topics.get(rec.channelId);
          if (topic === FRAME_TOPIC) {
            frameCount++;
            await onEvent?.({ kind: 'frame', frame: decodeFrame(rec.data), logTime: rec.logTime });
          } else if (topic?.startsWith(CAMERA_TOPIC_PREFIX)) {
            await onEvent?.({ kind: 'image', camera: topic.slice(CAMERA_TOPIC_PREFIX.length), image: decodeImage(rec.data) });
          }
        } else if (rec.type === 'Footer') {
          complete = true;
        }
        try {
          rec = reader.nextRecord();
        } catch {
          failed = true;
          break;
        }
      }
      if (failed) break;
    }
  } finally {
    await file.close();
  }
  if (!header) throw new EpisodeLogHeaderMissing(path);
  const tornBytes = failed ? Math.max(1, reader.bytesRemaining()) : complete ? 0 : reader.bytesRemaining();
  return { header, frameCount, tornBytes, complete };
}
