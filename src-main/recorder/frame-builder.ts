// What one recorded frame holds: the observation flattened in the layout's order, the action as
// float32, and each camera's image when that camera is due. Buffers are reused from frame to frame:
// the episode log encodes a frame when it is appended, so nothing keeps them.

import type { RecordedFrame } from '../dataset';
import type { RecorderCamera } from './cameras';
import { type ObservationLayout, observationFill, type RobotObservation } from './observation';

export class FrameBuilder {
  private readonly state: Float32Array;
  private readonly action: Float32Array;
  private readonly frame: RecordedFrame;
  /** Frames built since the episode began: cameras recording every n-th tick count from here. */
  private index = 0;
  /**
   * Images captured during the current tick. A tick that writes several frames (ticks the loop missed,
   * sampled late) would render the same scene again for each: a capture shows the scene as it is now,
   * whatever the frame's time, so one per tick is all there is to see, and re-rendering would only make a
   * struggling loop later still.
   */
  private readonly tickImages = new Map<string, NonNullable<RecordedFrame['images']>[string] | null>();

  constructor(
    private readonly layout: ObservationLayout,
    private readonly cameras: readonly RecorderCamera[],
  ) {
    this.state = new Float32Array(layout.stateNames.length);
    this.action = new Float32Array(layout.actionNames.length);
    this.frame = { timestamp: 0, state: this.state, action: this.action };
  }

  /** A new control tick: cameras capture afresh. */
  tick(): void {
    this.tickImages.clear();
  }

  /** A new episode begins: every camera captures on its first frame. */
  restart(): void {
    this.index = 0;
  }

  /** The frame for session time `t`; valid until the next call. */
  build(t: number, observation: RobotObservation, action: Float64Array): RecordedFrame {
    observationFill(this.layout, observation, this.state);
    for (let j = 0; j < this.action.length; j++) this.action[j] = action[j];
    let images: RecordedFrame['images'];
    for (const camera of this.cameras) {
      if (this.index % (camera.everyTicks ?? 1) !== 0) continue;
      let image = this.tickImages.get(camera.name);
      if (image === undefined) {
        image = camera.capture(t) ?? null;
        this.tickImages.set(camera.name, image);
      }
      if (!image) continue;
      images ??= {};
      images[camera.name] = image;
    }
    this.index++;
    this.frame.timestamp = t;
    this.frame.images = images;
    return this.frame;
  }
}
