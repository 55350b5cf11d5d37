// An episode's frames on their fixed-rate grid. LeRobot requires timestamp = frame_index / fps, so a tick
// the loop missed may not vanish (the later frames would be stamped earlier than they happened) and may not
// be invented either. Frame k is due at t0 + k/fps; it is written once the robot's state stream has samples
// on both sides of that time (interpolated between them), with the action in force at that time: the one
// its own tick sent, or, for a tick the loop missed, the one still held from the tick before. A stream
// silent for longer than `maxGapS` ends the episode at the gap instead of drawing a line across it.

import type { RobotObservation } from './observation';
import type { StateHistory } from './state-history';

/** Where an episode ended because the robot's state stream went silent. */
export interface EpisodeGap {
  /** Episode time of the first frame that could not be sampled, seconds (= frames kept / fps). */
  atS: number;
  /** How long the stream was silent around it, seconds (so far, if it has not resumed). */
  silentS: number;
}

/** Actions remembered: more than the ticks a frame ever waits for its state. */
const ACTION_CAPACITY = 256;

export class FrameSchedule {
  private t0 = 0;
  private nextFrame = 0;
  private readonly actionTimes = new Float64Array(ACTION_CAPACITY);
  private readonly actionValues: Float64Array;
  private actionNext = 0;
  private actionCount = 0;

  constructor(
    private readonly periodS: number,
    private readonly joints: number,
    private readonly maxGapS: number,
  ) {
    this.actionValues = new Float64Array(ACTION_CAPACITY * joints);
  }

  /** Frames written so far in this episode. */
  get frames(): number {
    return this.nextFrame;
  }

  /** A new episode whose frame 0 is due at session time `t0` (a tick's due time). */
  begin(t0: number): void {
    this.t0 = t0;
    this.nextFrame = 0;
  }

  /** The action a tick due at `dueS` sent; it stays in force until the next tick's. */
  noteAction(dueS: number, action: Float64Array): void {
    const slot = this.actionNext;
    this.actionTimes[slot] = dueS;
    this.actionValues.set(action.subarray(0, this.joints), slot * this.joints);
    this.actionNext = (slot + 1) % ACTION_CAPACITY;
    this.actionCount = Math.min(this.actionCount + 1, ACTION_CAPACITY);
  }

  /**
   * Writes every frame due by `dueS` (at most `limit` in the episode) whose state is known, calling `write`
   * with its time after filling `state` and `action`. Returns the gap that ends the episode, or null.
   */
  drain(history: StateHistory, nowS: number, dueS: number, limit: number, state: RobotObservation, action: Float64Array, write: (t: number) => void): EpisodeGap | null {
    const eps = this.periodS * 1e-6;
    while (this.nextFrame < limit) {
      const t = this.t0 + this.nextFrame * this.periodS;
      if (t > dueS + eps) break;
      const at = history.at(t, state, this.maxGapS);
      if (at.kind === 'ahead') {
        // Not known yet; unless the robot has been silent too long, the next sample will bracket it.
        if (history.size > 0 && nowS - at.newestT > this.maxGapS) return { atS: this.nextFrame * this.periodS, silentS: nowS - at.newestT };
        break;
      }
      if (at.kind === 'gap') {
        // Frame 0 before the first state after a scene reset: the episode starts a tick later instead.
        if (this.nextFrame === 0 && at.fromT === Number.NEGATIVE_INFINITY) {
          this.t0 += this.periodS;
          continue;
        }
        return { atS: this.nextFrame * this.periodS, silentS: at.toT - at.fromT };
      }
      if (!this.actionAt(t, action)) {
        if (this.nextFrame > 0) break; // cannot happen: every tick since frame 0 noted its action
        this.t0 += this.periodS; // no action sent yet at this time: begin where one was
        continue;
      }
      write(t);
      this.nextFrame++;
    }
    return null;
  }

  /** The action in force at `t`: the newest one sent by a tick due at or before it. */
  private actionAt(t: number, out: Float64Array): boolean {
    const eps = this.periodS * 1e-6;
    for (let i = 1; i <= this.actionCount; i++) {
      const slot = (this.actionNext - i + ACTION_CAPACITY) % ACTION_CAPACITY;
      if (this.actionTimes[slot] <= t + eps) {
        for (let j = 0; j < this.joints; j++) out[j] = this.actionValues[slot * this.joints + j];
        return true;
      }
    }
    return false;
  }
}
