// Second pass over an episode log: one MP4 per camera with exactly one video frame per dataset row, so
// video frame i sits at from_timestamp + i/fps as LeRobot's decoder expects. A camera slower than the
// control loop holds its last image; rows before a camera's first image repeat that first image.
import { mkdir, open, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ErrorCodes, PraxisError } from '../api';
import { tempPathFor } from './atomic-file';
import { computeImageStats, type FeatureStats, imageSampleIndices } from './feature-stats';
import type { RgbFrame } from './frame-codec';
import { readEpisodeLog } from './episode-log';
import type { VideoEncoder, VideoStreamEncoder } from './video-encoder';

export interface CameraSpec {
  width: number;
  height: number;
}

export interface EncodedCamera {
  tempPath: string;
  stats: FeatureStats;
}

export async function encodeEpisodeVideos(
  logPath: string,
  length: number,
  fps: number,
  cameras: Record<string, CameraSpec>,
  targetPathFor: (camera: string) => string,
  encoderFor: (camera: string) => VideoEncoder,
  signal?: AbortSignal,
): Promise<Record<string, EncodedCamera>> {
  const names = Object.keys(cameras);
  if (names.length === 0) return {};
  const streams = new Map<string, { stream: VideoStreamEncoder; temp: string; latest?: Uint8Array; owed: number; samples: Uint8Array[] }>();
  const sampleSet = new Set(imageSampleIndices(length));
  for (const cam of names) {
    const temp = tempPathFor(targetPathFor(cam));
    await mkdir(dirname(temp), { recursive: true });
    streams.set(cam, { stream: encoderFor(cam).open({ path: temp, width: cameras[cam].width, height: cameras[cam].height, fps }), temp, owed: 0, samples: [] });
  }
  let row = 0;
  const emit = async (cam: string, image: Uint8Array, r: number) => {
    const s = streams.get(cam);
    if (!s) return;
    if (sampleSet.has(r)) s.samples.push(image.slice());
    await s.stream.write(image);
  };
  try {
    await readEpisodeLog(logPath, async (e) => {
      if (signal?.aborted) throw new PraxisError(ErrorCodes.CANCELLED, 'Video encoding was cancelled');
      if (row >= length) return;
      if (e.kind === 'image') {
        const s = streams.get(e.camera);
        if (!s) return;
        checkSize(e.camera, e.image, cameras[e.camera]);
        if (!s.latest) {
          for (let r = row - s.owed; r < row; r++) await emit(e.camera, e.image.data, r); // backfill rows before the first image
          s.owed = 0;
        }
        s.latest = e.image.data.slice();
        return;
      }
      for (const [cam, s] of streams) {
        if (s.latest) await emit(cam, s.latest, row);
        else s.owed++;
      }
      row++;
    });
    for (const [cam, s] of streams) {
      if (!s.latest) {
        throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Camera ${cam} delivered no image during the episode`, 'Check the camera connection, or record without it.');
      }
    }
    const out: Record<string, EncodedCamera> = {};
    for (const [cam, s] of streams) {
      await s.stream.finish();
      out[cam] = { tempPath: s.temp, stats: computeImageStats(s.samples, cameras[cam].height, cameras[cam].width) };
      const fh = await open(s.temp, 'r+');
      await fh.sync();
      await fh.close();
    }
    return out;
  } catch (e) {
    for (const s of streams.values()) s.stream.abort();
    for (const s of streams.values()) await rm(s.temp, { force: true });
    throw e;
  }
}

function checkSize(cam: string, image: RgbFrame, spec: CameraSpec): void {
  if (image.width !== spec.width || image.height !== spec.height) {
    throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Camera ${cam} sent ${image.width}x${image.height} images, the dataset expects ${spec.width}x${spec.height}`, 'Record into a new dataset, or set the camera resolution back.');
  }
}
