// What a recorder is built from, and the checks that refuse a combination it cannot run before any loop starts.
import { ErrorCodes, PraxisError } from '../api';
import type { ActionStream } from '../teleop';
import type { RecorderCamera } from './cameras';
import type { LoopClock, LoopTimers } from './fixed-rate-loop';
import type { ObservationLayoutOptions } from './observation';
import type { RecorderRobot } from './recorder-robot';

export interface RecorderOptions {
  robot: RecorderRobot;
  actions: ActionStream;
  /** Loop rate, 30–200 Hz; also the dataset's fps. */
  fps: number;
  mode: 'realtime' | 'stepped';
  /** The session clock (seconds), realtime mode. Default performance.now(). */
  clock?: LoopClock;
  timers?: LoopTimers;
  cameras?: RecorderCamera[];
  layout?: ObservationLayoutOptions;
  /**
   * Realtime: longest silence of the robot's state stream that frames are interpolated across; a longer one
   * ends the episode at the gap. Default 0.25 s.
   */
  maxGapS?: number;
  /** Session seconds between progress events. Default 0.25. */
  progressIntervalS?: number;
}

export const RECORDER_MIN_FPS = 30;
export const RECORDER_MAX_FPS = 200;

/** Refuses a rate outside 30–200 Hz, teleop for another joint count, and stepping a robot that cannot be stepped. */
export function recorderOptionsCheck(options: RecorderOptions): void {
  const { fps, robot, actions } = options;
  if (!(Number.isFinite(fps) && fps >= RECORDER_MIN_FPS && fps <= RECORDER_MAX_FPS)) {
    throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `The recorder runs at ${RECORDER_MIN_FPS}–${RECORDER_MAX_FPS} Hz, not ${fps}.`, 'Pick a rate such as 30, 50, 100 or 200 Hz.', { fps });
  }
  if (actions.joints.length !== robot.jointNames.length) {
    throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Teleop drives ${actions.joints.length} joints but the robot has ${robot.jointNames.length}.`, 'Set up teleop for the connected robot.');
  }
  if (options.mode === 'stepped' && !robot.advance) {
    throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'Stepped recording needs a robot it can step (the simulator).', 'Record a live robot in realtime mode.');
  }
}
