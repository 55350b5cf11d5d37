// Episodes as the trainer sees them: per episode, an observation matrix and an action matrix over the same
// frames, row-major Float32Arrays. Everything downstream (windows, baselines, metrics) works on these, so it
// never cares whether they came from a LeRobot dataset on disk, the simulator or a test.

export interface Trajectory {
  /** The dataset's episode index. */
  episode: number;
  length: number;
  /** [length, obsDim] */
  observation: Float32Array;
  /** [length, actDim] */
  action: Float32Array;
}

export interface TrajectorySet {
  obsDim: number;
  actDim: number;
  fps: number;
  /** One name per observation dimension (feature names from info.json, or `key[i]`). */
  obsNames: string[];
  actNames: string[];
  /** Observation dimensions that are joint positions (radians): where k-step error is reported in joint units. */
  jointDims: number[];
  /** The dataset features the observation concatenates, in order. */
  obsFeatures: string[];
  trajectories: Trajectory[];
}

/**
 * Which observation dimensions are joint positions: those named like an action dimension (LeRobot arms
 * command joint positions under the joint's name), else the first actDim dimensions.
 */
export function jointDimsOf(obsNames: readonly string[], actNames: readonly string[]): number[] {
  const byName = obsNames.flatMap((n, i) => (actNames.includes(n) ? [i] : []));
  if (byName.length > 0) return byName;
  return Array.from({ length: Math.min(obsNames.length, actNames.length) }, (_, i) => i);
}
