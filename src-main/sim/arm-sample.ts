// One snapshot of the simulated arm: what the recorder, plots, 3D view and planner consume.

import type { Seconds } from '../api';
import type { Quaternion, Vec3 } from './pose';

export interface ObjectPoseSample {
  name: string;
  /** Metres, world frame (table top is z = 0). */
  position: Vec3;
  /** Unit quaternion (w, x, y, z). */
  quaternion: Quaternion;
}

export interface ArmSample {
  /** Simulation time, seconds since the last reset. */
  t: Seconds;
  /** Joint angles, radians, in the arm's joint order. */
  position: Float64Array;
  /** Joint velocities, rad/s. */
  velocity: Float64Array;
  /** Joint torques from the servos (including their gravity holding torque), N·m. */
  effort: Float64Array;
  /** Position targets in force, radians, after clamping to the joint limits. */
  targets: Float64Array;
  /** Free objects in the scene (the cube), in model order. */
  objects: ObjectPoseSample[];
}

/** An empty sample with room for `joints` joints and the named objects. */
export function armSampleCreate(joints: number, objectNames: readonly string[]): ArmSample {
  return {
    t: 0 as Seconds,
    position: new Float64Array(joints),
    velocity: new Float64Array(joints),
    effort: new Float64Array(joints),
    targets: new Float64Array(joints),
    objects: objectNames.map((name) => ({ name, position: [0, 0, 0], quaternion: [1, 0, 0, 0] })),
  };
}

/**
 * A deep copy of `sample`. Subscribers of the real-time stream receive a borrowed sample that is
 * overwritten at the next tick; one that keeps a sample past its callback copies it with this.
 */
export function armSampleCopy(sample: Readonly<ArmSample>): ArmSample {
  return {
    t: sample.t,
    position: sample.position.slice(),
    velocity: sample.velocity.slice(),
    effort: sample.effort.slice(),
    targets: sample.targets.slice(),
    objects: sample.objects.map((o) => ({
      name: o.name,
      position: [o.position[0], o.position[1], o.position[2]],
      quaternion: [o.quaternion[0], o.quaternion[1], o.quaternion[2], o.quaternion[3]],
    })),
  };
}
