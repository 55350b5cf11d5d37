// What every teleop source is: something that, once per control tick, says where the joints should go.
// Sources never talk to the robot; the ActionStream clamps what they say to the joint limits and a
// maximum joint speed, and the loop that owns the clock (the recorder) sends it.

import type { ObjectPose } from '../api';

export type TeleopKind = 'keyboard' | 'gamepad' | 'sliders' | 'gizmo' | 'leader' | 'scripted';

/** What a source sees at each tick. Arrays are in the robot's joint order; the object and its arrays are reused every tick, so keep nothing. */
export interface TeleopTick {
  /** Session-clock time of this tick, seconds. */
  t: number;
  /** Seconds since the previous tick. */
  dt: number;
  /** Measured joint positions, radians. */
  position: Float64Array;
  /** The action commanded at the previous tick, after limits: where the arm is being sent. */
  previous: Float64Array;
  /** Poses of loose objects (the sim's cube); empty on a real robot. */
  objects: readonly ObjectPose[];
}

/** Something the operator should know about a source (shown in the Teleop panel). */
export interface TeleopNotice {
  code: 'KEY_TIMEOUT' | 'GAMEPAD_STALE' | 'LEADER_STALE' | 'LEADER_ERROR' | 'IK_UNREACHABLE';
  message: string;
}

export interface TeleopSource {
  readonly kind: TeleopKind;
  /** Becomes the active source; `start` is the current command, so a source begins where the arm is. */
  activate(start: Float64Array): void;
  /** Stops being the active source: forget held keys, stop polling. */
  deactivate(): void;
  /**
   * Writes the joint targets this source wants into `out`, which holds `tick.previous` on entry (so
   * writing nothing holds the arm where it is being sent).
   */
  update(tick: TeleopTick, out: Float64Array): void;
  /** A recorder episode begins (scripted sources reseed, so each episode is reproducible). */
  episodeStart?(episodeIndex: number): void;
  /** The current notice, or null when all is well. */
  notice(): TeleopNotice | null;
}
