// The realtime recorder's frames on their grid: the robot's state stream stamped as it arrives, the actions
// the ticks sent, and the frame schedule that samples both at each frame's own time (frame-schedule.ts).

import type { LoopClock } from './fixed-rate-loop';
import { type EpisodeGap, FrameSchedule } from './frame-schedule';
import { observationCreate, type RobotObservation } from './observation';
import type { RecorderRobot } from './recorder-robot';
import { StateHistory } from './state-history';

export class TimedFrames {
  private readonly history: StateHistory;
  private readonly schedule: FrameSchedule;
  /** The frame being written: its state and action at its own time. */
  readonly state: RobotObservation;
  readonly action: Float64Array;
  private readonly stampsArrivals: boolean;

  constructor(
    robot: RecorderRobot,
    clock: LoopClock,
    periodS: number,
    maxGapS: number,
  ) {
    const joints = robot.jointNames.length;
    this.history = new StateHistory(joints, robot.objectNames.length);
    this.schedule = new FrameSchedule(periodS, joints, maxGapS);
    this.state = observationCreate(joints, robot.objectNames);
    this.action = new Float64Array(joints);
    // Each sample is stamped when it arrives, on the loop's clock: the time the robot was in that state.
    const arrived = observationCreate(joints, robot.objectNames);
    const history = this.history;
    this.stampsArrivals = robot.onFresh !== undefined;
    robot.onFresh?.(() => {
      if (robot.observe(arrived)) history.push(clock.now(), arrived);
    });
  }

  /** After each tick that commanded the robot: the action it sent, due at `dueS`, read at `t`. */
  noteTick(t: number, dueS: number, observation: RobotObservation, action: Float64Array): void {
    if (!this.stampsArrivals) this.history.push(t, observation); // no arrival times: the tick's own reading
    this.schedule.noteAction(dueS, action);
  }

  /** The scene was reset: states from before it belong to no episode. */
  clear(): void {
    this.history.clear();
  }

  /** Frame 0 of a new episode is due at `dueS`. */
  begin(dueS: number): void {
    this.schedule.begin(dueS);
  }

  /** Writes the frames due by `dueS` whose state is known (at most `limit`); the gap that ends the episode, or null. */
  drain(nowS: number, dueS: number, limit: number, write: (t: number) => void): EpisodeGap | null {
    return this.schedule.drain(this.history, nowS, dueS, limit, this.state, this.action, write);
  }
}
