// What one recorded frame observes, flattened into `observation.state`: joint positions first (so a
// LeRobot policy reading the first N values gets the joints, as with a real SO-101 dataset), then joint
// velocities, then each object's pose. Names follow LeRobot's "<joint>.pos" convention, so the
// dataset's feature names say which column is which.

import { ErrorCodes, type ObjectPose, PraxisError } from '../api';

/** A robot observation as the recorder reads it. Arrays are in joint order. */
export interface RobotObservation {
  position: Float64Array;
  velocity: Float64Array;
  /** Loose objects (the sim's cube), in a fixed order; empty on a real robot. */
  objects: ObjectPose[];
}

export interface ObservationLayoutOptions {
  /** Record joint velocities. Default true. */
  velocities?: boolean;
  /** Record object poses (position + quaternion w, x, y, z). Default true. */
  objects?: boolean;
}

export interface ObservationLayout {
  /** Feature names of observation.state, in column order. */
  stateNames: string[];
  /** Feature names of action: one target per joint. */
  actionNames: string[];
  readonly joints: number;
  readonly objectCount: number;
  readonly velocities: boolean;
}

export function observationCreate(joints: number, objectNames: readonly string[]): RobotObservation {
  return {
    position: new Float64Array(joints),
    velocity: new Float64Array(joints),
    objects: objectNames.map((name) => ({ name, position: [0, 0, 0], quaternion: [1, 0, 0, 0] })),
  };
}

export function observationLayout(jointNames: readonly string[], objectNames: readonly string[], options: ObservationLayoutOptions = {}): ObservationLayout {
  const velocities = options.velocities ?? true;
  const objects = options.objects ?? true ? objectNames : [];
  const stateNames = jointNames.map((j) => `${j}.pos`);
  if (velocities) stateNames.push(...jointNames.map((j) => `${j}.vel`));
  for (const o of objects) stateNames.push(...['x', 'y', 'z', 'qw', 'qx', 'qy', 'qz'].map((c) => `${o}.${c}`));
  return { stateNames, actionNames: jointNames.map((j) => `${j}.pos`), joints: jointNames.length, objectCount: objects.length, velocities };
}

/** Writes `observation` into `out` (length stateNames.length) in the layout's column order. */
export function observationFill(layout: ObservationLayout, observation: RobotObservation, out: Float32Array): Float32Array {
  const n = layout.joints;
  if (out.length !== layout.stateNames.length || observation.position.length !== n || observation.objects.length < layout.objectCount) {
    throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Observation does not fit the recording layout (${n} joints, ${layout.objectCount} objects).`, 'Record with the robot the dataset was set up for.');
  }
  let o = 0;
  for (let j = 0; j < n; j++) out[o++] = observation.position[j];
  if (layout.velocities) for (let j = 0; j < n; j++) out[o++] = observation.velocity[j];
  for (let k = 0; k < layout.objectCount; k++) {
    const pose = observation.objects[k];
    out[o++] = pose.position[0];
    out[o++] = pose.position[1];
    out[o++] = pose.position[2];
    out[o++] = pose.quaternion[0];
    out[o++] = pose.quaternion[1];
    out[o++] = pose.quaternion[2];
    out[o++] = pose.quaternion[3];
  }
  return out;
}
