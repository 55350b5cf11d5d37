// One episode → one MCAP file that Foxglove and Rerun open: joint states and actions as JSON vectors,
// camera frames decoded from the dataset's MP4 and re-encoded as PNG foxglove.CompressedImage messages.
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { McapWriter } from '@mcap/core';
import { ErrorCodes, PraxisError } from '../api';
import { commitTempFile, tempPathFor } from './atomic-file';
import type { Dataset, OperationOptions } from './dataset';
import { COMPRESSED_IMAGE_SCHEMA, encodeCompressedImage, encodeJointVector, JOINT_VECTOR_SCHEMA } from './foxglove-schemas';
import { ACTION_KEY, IMAGE_KEY_PREFIX, STATE_KEY, videoFilePath } from './lerobot-format';
import { encodePng } from './png';
import { decodeVideoFrames } from './video-encoder';

/** Frames decoded per ffmpeg call, to bound memory on long episodes. */
const DECODE_BATCH = 200;

export async function exportEpisodeMcap(ds: Dataset, episode: number, path: string, options: OperationOptions = {}): Promise<{ messages: number }> {
  const info = ds.info();
  const record = ds.episodeRecord(episode);
  const frames = await ds.readEpisode(episode);
  const studio = ds.episodes()[episode];
  const startNs = BigInt(studio.recordedAt ? Date.parse(studio.recordedAt) : 0) * 1_000_000n;
  const timeOf = (i: number) => startNs + BigInt(Math.round((i / info.fps) * 1e9));

  const temp = tempPathFor(path);
  const file = await open(temp, 'w');
  let position = 0n;
  const writer = new McapWriter({
    writable: {
      write: async (buffer: Uint8Array) => {
        await file.write(buffer);
        position += BigInt(buffer.byteLength);
      },
      position: () => position,
    },
    chunkSize: 1 << 20,
  });
  let messages = 0;
  try {
    await writer.start({ profile: '', library: 'praxis-studio' });
    await writer.addMetadata({ name: 'praxis.episode', metadata: new Map([['episode_index', String(episode)], ['tasks', JSON.stringify(record.tasks)], ['fps', String(info.fps)], ['robot_type', String(info.robot_type ?? '')]]) });
    const jointSchema = await writer.registerSchema({ name: 'praxis.JointVector', encoding: 'jsonschema', data: JOINT_VECTOR_SCHEMA });
    const vectors: { channel: number; key: string; names: string[] }[] = [];
    for (const [key, topic] of [[STATE_KEY, '/observation/state'], [ACTION_KEY, '/action']] as const) {
      const spec = info.features[key];
      if (!spec || !frames.columns[key]) continue;
      const names = Array.isArray(spec.names) ? (spec.names as string[]) : spec.shape.map((_, i) => `${i}`);
      vectors.push({ channel: await writer.registerChannel({ topic, schemaId: jointSchema, messageEncoding: 'json', metadata: new Map() }), key, names });
    }
    const imageSchema = await writer.registerSchema({ name: 'foxglove.CompressedImage', encoding: 'protobuf', data: COMPRESSED_IMAGE_SCHEMA });
    const cameras = ds.cameraNames().map(async (cam) => ({ cam, channel: await writer.registerChannel({ topic: `/camera/${cam}`, schemaId: imageSchema, messageEncoding: 'protobuf', metadata: new Map() }) }));
    const cams = await Promise.all(cameras);

    const total = frames.length * (1 + cams.length);
    let done = 0;
    const tick = () => {
      if (options.signal?.aborted) throw new PraxisError(ErrorCodes.CANCELLED, 'MCAP export was cancelled');
      if (++done % 100 === 0) options.onProgress?.(done, total, 'frames');
    };
    for (let i = 0; i < frames.length; i++) {
      const t = timeOf(i);
      for (const v of vectors) {
        const { width, values } = frames.columns[v.key];
        await writer.addMessage({ channelId: v.channel, sequence: i, logTime: t, publishTime: t, data: encodeJointVector(t, v.names, values.subarray(i * width, (i + 1) * width)) });
        messages++;
      }
      tick();
    }
    for (const { cam, channel } of cams) {
      const key = IMAGE_KEY_PREFIX + cam;
      const seg = record.videos[key];
      const [height, width] = info.features[key].shape;
      const video = join(ds.root, videoFilePath(info, key, seg.chunk, seg.file));
      for (let first = 0; first < frames.length; first += DECODE_BATCH) {
        const count = Math.min(DECODE_BATCH, frames.length - first);
        const images = await decodeVideoFrames(video, seg.fromTimestamp + first / info.fps, count, width, height);
        if (images.length < count) {
          throw new PraxisError(ErrorCodes.DATASET_CORRUPT, `${video} holds ${first + images.length} frames for episode ${episode}, expected ${frames.length}`, 'Run `praxis dataset verify`.', { file: video });
        }
        for (const [k, rgb] of images.entries()) {
          const t = timeOf(first + k);
          await writer.addMessage({ channelId: channel, sequence: first + k, logTime: t, publishTime: t, data: encodeCompressedImage(t, cam, encodePng(rgb, width, height), 'png') });
          messages++;
          tick();
        }
      }
    }
    await writer.end();
    await file.close();
    await commitTempFile(temp, path);
    options.onProgress?.(total, total, 'done');
    return { messages };
  } catch (e) {
    await file.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw e;
  }
}
