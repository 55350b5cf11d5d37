// What unit each value of a dataset feature is in. LeRobot's info.json says nothing about units: its
// motor buses normalise positions per motor (motors_bus.py MotorNormMode), so an SO-101 or Koch follower
// records body joints in degrees (DEGREES, `use_degrees=True`, the default) or in [-100, 100]
// (RANGE_M100_100) and the gripper in [0, 100] (RANGE_0_100). Praxis records radians, metres and rad/s.
// Units found here are written into info.json as a per-feature `units` list (a key LeRobot ignores), so
// they stay with the dataset and reach the model card and every error figure.
import { isValueUnit, type ValueUnit } from '../api';
import type { DatasetInfoJson, FeatureSpec } from './lerobot-format';

/** Where the units came from, so a guess is never shown as a fact. */
export type UnitsSource = 'info.json' | 'praxis' | 'lerobot-convention' | 'unknown';

export interface FeatureUnits {
  units: ValueUnit[];
  source: UnitsSource;
}

/** Praxis's own naming: `<joint>.pos` radians, `<joint>.vel` rad/s, `<object>.x|y|z` metres, quaternions unitless. */
export function praxisUnitOf(name: string): ValueUnit {
  if (name.endsWith('.pos')) return 'rad';
  if (name.endsWith('.vel')) return 'rad/s';
  if (/\.(x|y|z)$/.test(name)) return 'm';
  if (/\.(qw|qx|qy|qz)$/.test(name)) return '1';
  return 'unknown';
}

/**
 * LeRobot's follower arms (so_follower.py, koch_follower.py): `<motor>.pos` per the motor's norm mode. The
 * body is DEGREES under the default `use_degrees=True`; a dataset recorded with `use_degrees=False` holds
 * RANGE_M100_100 and must say so with `units` in info.json, since nothing in the files tells them apart.
 */
export function lerobotUnitOf(name: string): ValueUnit {
  if (!name.endsWith('.pos')) return 'unknown';
  return name === 'gripper.pos' || name.endsWith('_gripper.pos') ? 'range_0_100' : 'deg';
}

/** LeRobot's follower robots name their type `<arm>_follower` (so100_follower, so101_follower, koch_follower…). */
export function isLeRobotFollower(robotType: string | null): boolean {
  return /follower/i.test(robotType ?? '');
}

export function featureNames(key: string, spec: FeatureSpec): string[] {
  const width = spec.shape.reduce((a, b) => a * b, 1);
  const n = spec.names;
  if (Array.isArray(n) && n.length === width) return n.map(String);
  if (n && typeof n === 'object' && !Array.isArray(n)) {
    const first = Object.values(n as Record<string, unknown>)[0];
    if (Array.isArray(first) && first.length === width) return first.map(String);
  }
  return Array.from({ length: width }, (_, i) => `${key}[${i}]`);
}

/**
 * The units of feature `key`: the `units` list in info.json when present; else Praxis's convention when
 * Praxis recorded the dataset (`recordedByPraxis`: its studio folder is there); else LeRobot's follower
 * convention for a LeRobot follower arm; else unknown (never assumed to be radians).
 */
export function featureUnits(info: DatasetInfoJson, key: string, recordedByPraxis: boolean): FeatureUnits {
  const spec: FeatureSpec | undefined = info.features[key];
  if (!spec) return { units: [], source: 'unknown' };
  const names = featureNames(key, spec);
  if (Array.isArray(spec.units) && spec.units.length === names.length && spec.units.every(isValueUnit)) return { units: [...spec.units] as ValueUnit[], source: 'info.json' };
  if (recordedByPraxis) return { units: names.map(praxisUnitOf), source: 'praxis' };
  if (isLeRobotFollower(info.robot_type) && names.some((n) => n.endsWith('.pos'))) return { units: names.map(lerobotUnitOf), source: 'lerobot-convention' };
  return { units: names.map(() => 'unknown'), source: 'unknown' };
}

/** The numeric vector features whose units are worth recording (state and action, not the bookkeeping columns). */
export function unitFeatureKeys(info: DatasetInfoJson): string[] {
  return Object.keys(info.features).filter((k) => k === 'action' || k.startsWith('observation.')).filter((k) => !['video', 'image', 'string', 'language'].includes(info.features[k].dtype));
}

/** info.json with every state/action feature's units written out (a copy). */
export function infoWithUnits(info: DatasetInfoJson, recordedByPraxis: boolean): DatasetInfoJson {
  const out = structuredClone(info);
  for (const key of unitFeatureKeys(info)) out.features[key].units = featureUnits(info, key, recordedByPraxis).units;
  return out;
}
