// Cameras as the recorder reads them: at a recording tick, the newest image of each camera, or none
// (the dataset then holds the camera's previous image in the video). Two kinds:
//   simCamera    — renders the simulated scene on demand (the sim's ray-cast camera); works headless.
//   PushedCamera — holds the newest frame something else delivered: the renderer's USB webcam
//                  (getUserMedia), sent over the API.

import { ErrorCodes, PraxisError } from '../api';
import type { RgbFrame } from '../dataset';

export interface RecorderCamera {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  /** Capture on every n-th recording tick (a 200 Hz loop may record a 30 Hz camera). Default 1. */
  readonly everyTicks?: number;
  /** The image for this tick, or null when there is no new one. */
  capture(t: number): RgbFrame | null;
}

interface SceneImage {
  width: number;
  height: number;
  rgb: Uint8Array;
}

/** What simCamera needs: src-main/sim's RayCastCamera fits. */
export interface SceneCamera<I extends SceneImage = SceneImage> {
  readonly camera: string;
  readonly width: number;
  readonly height: number;
  capture(): I;
  /** Renders into an earlier image, without allocating. */
  captureInto?(image: I): I;
}

/**
 * A camera rendering the simulated scene at each recording tick it is due. The image buffer is reused:
 * the episode log encodes a frame when it is appended, so nothing holds on to it.
 */
export function simCamera<I extends SceneImage>(scene: SceneCamera<I>, options: { name?: string; everyTicks?: number } = {}): RecorderCamera {
  let image: I | null = null;
  return {
    name: options.name ?? scene.camera,
    width: scene.width,
    height: scene.height,
    everyTicks: options.everyTicks,
    capture() {
      image = image && scene.captureInto ? scene.captureInto(image) : scene.capture();
      return { width: image.width, height: image.height, data: image.rgb };
    },
  };
}

/**
 * A camera whose frames arrive from elsewhere (the UI's webcam). Each frame is recorded once; a camera
 * that has sent nothing for `staleAfterS` is reported stale by `stale()`.
 */
export class PushedCamera implements RecorderCamera {
  private latest: RgbFrame | null = null;
  private latestT = Number.NEGATIVE_INFINITY;

  constructor(
    readonly name: string,
    readonly width: number,
    readonly height: number,
    private readonly staleAfterS = 1,
  ) {}

  /** A new frame, tightly packed RGB, taken at session time `t`. */
  push(frame: RgbFrame, t: number): void {
    if (frame.width !== this.width || frame.height !== this.height || frame.data.length !== this.width * this.height * 3) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Camera ${this.name} sent a ${frame.width}×${frame.height} frame (${frame.data.length} bytes); it records ${this.width}×${this.height} RGB.`, 'Restart the camera at the size the dataset was created with.');
    }
    this.latest = frame;
    this.latestT = t;
  }

  capture(): RgbFrame | null {
    const frame = this.latest;
    this.latest = null;
    return frame;
  }

  stale(t: number): boolean {
    return t - this.latestT > this.staleAfterS;
  }
}
