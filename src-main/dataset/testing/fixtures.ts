// Synthetic robots and cameras for the dataset tests: deterministic, small, fast.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset, DatasetSpec } from '../dataset';
import type { RgbFrame } from '../frame-codec';

export const JOINTS = ['shoulder_pan', 'shoulder_lift', 'elbow_flex', 'wrist_flex', 'wrist_roll', 'gripper'];

export function specFor(cameras?: DatasetSpec['cameras']): DatasetSpec {
  return { fps: 100, robotType: 'so101_follower', stateNames: JOINTS, actionNames: JOINTS, cameras };
}

export function jointState(i: number, offset = 0): Float32Array {
  return Float32Array.from(JOINTS, (_, j) => Math.sin(0.01 * i + j + offset));
}

/** A moving colour gradient: frame i differs from i-1 so the encoder has real work. */
export function cameraFrame(i: number, width: number, height: number): RgbFrame {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      data[o] = (x * 4 + i) & 255;
      data[o + 1] = (y * 4) & 255;
      data[o + 2] = (i * 2) & 255;
    }
  }
  return { width, height, data };
}

/** Record `frames` frames at 100 Hz into a new episode and save it. */
export async function recordEpisode(ds: Dataset, frames: number, task: string, cameras: Record<string, [number, number]> = {}) {
  const ep = await ds.beginEpisode({ task });
  for (let i = 0; i < frames; i++) {
    const images: Record<string, RgbFrame> = {};
    for (const [cam, [w, h]] of Object.entries(cameras)) images[cam] = cameraFrame(i, w, h);
    ep.appendFrame({ timestamp: 12.5 + i * 0.01, state: jointState(i), action: jointState(i, 0.1), images: Object.keys(images).length ? images : undefined });
  }
  return ep.save();
}

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'praxis-dataset-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
