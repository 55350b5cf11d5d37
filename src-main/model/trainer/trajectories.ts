// Episodes as the trainer sees them: per episode, an observation matrix and an action matrix over the same
// frames, row-major Float32Arrays. Everything downstream (windows, baselines, metrics) works on these, so it
// never cares whether they came from a LeRobot dataset on disk, the simulator or a test.
import { isAngular, type ValueUnit } from '../../api';

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
  /** Observation dimensions that are joint angles: where k-step error is reported in joint units. */
  jointDims: number[];
  /** One unit per observation / action value (from the dataset; absent for in-memory data, which is Praxis's radians). */
  obsUnits?: ValueUnit[];
  actUnits?: ValueUnit[];
  /** The unit of the joint dimensions, in which every k-step error is reported ('unknown' when mixed or unknown). */
  jointUnit?: ValueUnit;
  /** The dataset features the observation concatenates, in order. */
  obsFeatures: string[];
  trajectories: Trajectory[];
}

/**
 * Which observation dimensions are joint positions: those named like an action dimension (LeRobot arms
 * command joint positions under the joint's name), else the first actDim dimensions. With units known,
 * only the angles among them count: a LeRobot gripper in 0–100 % of its range is not averaged with degrees.
 */
export function jointDimsOf(obsNames: readonly string[], actNames: readonly string[], obsUnits?: readonly ValueUnit[]): number[] {
  const byName = obsNames.flatMap((n, i) => (actNames.includes(n) ? [i] : []));
  const dims = byName.length > 0 ? byName : Array.from({ length: Math.min(obsNames.length, actNames.length) }, (_, i) => i);
  const angles = obsUnits ? dims.filter((d) => isAngular(obsUnits[d])) : [];
  return angles.length > 0 ? angles : dims;
}

/** The one unit all `dims` share, else 'unknown'. */
export function commonUnit(units: readonly ValueUnit[] | undefined, dims: readonly number[]): ValueUnit {
  if (!units) return 'rad';
  const set = new Set(dims.map((d) => units[d]));
  return set.size === 1 ? [...set][0] : 'unknown';
}
