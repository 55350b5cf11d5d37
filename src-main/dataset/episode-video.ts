// Camera video for a finished episode. Normally it was encoded live while recording (live-video.ts) and
// only image statistics are read back from the log here; after a crash, or when live encoding could not
// keep up, the episode log is replayed through the encoder instead. Either way the rows follow CameraRows.
import { mkdir, open, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ErrorCodes, PraxisError } from '../api';
import { tempPathFor } from './atomic-file';
import { CameraRows } from './camera-rows';
import { readEpisodeLog } from './episode-log';
import { computeImageStats, type FeatureStats, imageSampleIndices } from './feature-stats';
import type { RgbFrame } from './frame-codec';
import type { VideoEncoder, VideoStreamEncoder } from './video-encoder';

export interface CameraSpec {
  width: number;
  height: number;
}

/** Cancellation and per-row progress for replaying a log through the encoder. */
export interface ReplayProgress {
  signal?: AbortSignal;
  onRow?: (row: number, rows: number) => void;
}

export interface EncodedCamera {
  tempPath: string;
  stats: FeatureStats;
}

/**
 * Walk the log's rows per camera: `emit(camera, image, row)` for each of the first `length` rows. Returns the
 * sampled frames LeRobot's image statistics use.
 */
async function walkCameraRows(
  logPath: string,
  length: number,
  cameras: Record<string, CameraSpec>,
  emit?: (camera: string, image: Uint8Array, row: number) => Promise<void>,
  progress?: ReplayProgress,
): Promise<Record<string, Uint8Array[]>> {
  const signal = progress?.signal;
  const rules = new Map(Object.keys(cameras).map((c) => [c, new CameraRows()]));
  const pending = new Map<string, Uint8Array>();
  const samples: Record<string, Uint8Array[]> = Object.fromEntries(Object.keys(cameras).map((c) => [c, []]));
  const sampleSet = new Set(imageSampleIndices(length));
  let row = 0;
  await readEpisodeLog(logPath, async (e) => {
    if (signal?.aborted) throw new PraxisError(ErrorCodes.CANCELLED, 'Video encoding was cancelled');
    if (row >= length) return;
    if (e.kind === 'image') {
      if (!rules.has(e.camera)) return;
      checkSize(e.camera, e.image, cameras[e.camera]);
      pending.set(e.camera, e.image.data.slice());
      return;
    }
    for (const [cam, rule] of rules) {
      const images = rule.row(pending.get(cam));
      let r = row - images.length + 1;
      for (const image of images) {
        if (sampleSet.has(r)) samples[cam].push(image);
        await emit?.(cam, image, r);
        r++;
      }
    }
    pending.clear();
    row++;
    if (row % 100 === 0) progress?.onRow?.(row, length);
  });
  for (const [cam, rule] of rules) {
    if (!rule.started) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Camera ${cam} delivered no image during the episode`, 'Check the camera connection, or record without it.');
  }
  return samples;
}

/** Per-camera image statistics of an episode, from frames sampled out of its log. */
export async function sampleEpisodeImageStats(logPath: string, length: number, cameras: Record<string, CameraSpec>): Promise<Record<string, FeatureStats>> {
  const samples = await walkCameraRows(logPath, length, cameras);
  return Object.fromEntries(Object.entries(samples).map(([cam, frames]) => [cam, computeImageStats(frames, cameras[cam].height, cameras[cam].width)]));
}

/** Replay the log through the encoder: one temp MP4 per camera plus its image statistics. */
export async function encodeEpisodeVideos(
  logPath: string,
  length: number,
  fps: number,
  cameras: Record<string, CameraSpec>,
  targetPathFor: (camera: string) => string,
  encoderFor: (camera: string) => VideoEncoder,
  progress?: ReplayProgress,
): Promise<Record<string, EncodedCamera>> {
  const names = Object.keys(cameras);
  if (names.length === 0) return {};
  const streams = new Map<string, { stream: VideoStreamEncoder; temp: string }>();
  try {
    for (const cam of names) {
      const temp = tempPathFor(targetPathFor(cam));
      await mkdir(dirname(temp), { recursive: true });
      streams.set(cam, { stream: encoderFor(cam).open({ path: temp, width: cameras[cam].width, height: cameras[cam].height, fps }), temp });
    }
    const samples = await walkCameraRows(logPath, length, cameras, async (cam, image) => streams.get(cam)?.stream.write(image), progress);
    const out: Record<string, EncodedCamera> = {};
    for (const [cam, s] of streams) {
      await s.stream.finish();
      await fsyncFile(s.temp);
      out[cam] = { tempPath: s.temp, stats: computeImageStats(samples[cam], cameras[cam].height, cameras[cam].width) };
    }
    return out;
  } catch (e) {
    for (const s of streams.values()) s.stream.abort();
    for (const s of streams.values()) await rm(s.temp, { force: true });
    throw e;
  }
}

export async function fsyncFile(path: string): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

function checkSize(cam: string, image: RgbFrame, spec: CameraSpec): void {
  if (image.width !== spec.width || image.height !== spec.height) {
    throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Camera ${cam} sent ${image.width}x${image.height} images, the dataset expects ${spec.width}x${spec.height}`, 'Record into a new dataset, or set the camera resolution back.');
  }
}
