import { ErrorCodes, PraxisError, type RobotDescription } from '../api';
import type { RobotProfile } from '../robot';
import { robotFileRead, SO101_MJCF, SO101_URDF, urdfMovableJoints, urdfParse } from '../sim';
import { sceneObjectsFromMjcf } from './scene-objects';
import { stickUrdf } from './stick-urdf';

/**
 * What the 3D view needs to replay a dataset with no robot connected: the arm's URDF and joints, from the
 * dataset's robot type (an SO-101, simulated or real, uses the studio's model; a known profile without a
 * model gets a stick figure), and the loose objects its state records.
 */
export function replayModelFor(
  dataset: { robotType: string | null; stateNames: string[]; fps: number },
  profiles: Readonly<Record<string, RobotProfile>>,
  resourcesDir?: string,
): RobotDescription {
  const type = (dataset.robotType ?? '').toLowerCase();
  const jointNames = dataset.stateNames.filter((n) => n.endsWith('.pos')).map((n) => n.slice(0, -'.pos'.length));
  const objectNames = [...new Set(dataset.stateNames.filter((n) => n.endsWith('.qw')).map((n) => n.slice(0, -'.qw'.length)))];
  if (type.includes('so101') || type.includes('so100') || type.includes('so_101')) {
    const urdf = robotFileRead(SO101_URDF, { resourcesDir });
    const limits = new Map(urdfMovableJoints(urdfParse(urdf)).map((j) => [j.name, j]));
    return {
      id: `replay:${type}`,
      displayName: `${dataset.robotType} (recorded)`,
      joints: jointNames.map((name) => ({ name, lower: limits.get(name)?.lower ?? -Math.PI, upper: limits.get(name)?.upper ?? Math.PI })),
      capabilities: ['seek'],
      urdf,
      stateHz: dataset.fps,
      objects: objectNames.length ? sceneObjectsFromMjcf(robotFileRead(SO101_MJCF, { resourcesDir }), objectNames) : [],
    };
  }
  const profile = Object.values(profiles).find((p) => type.includes(p.id.toLowerCase()));
  const joints = profile ? profile.joints.map((j) => ({ name: j.name, lower: j.lower, upper: j.upper })) : jointNames.map((name) => ({ name, lower: -Math.PI, upper: Math.PI }));
  if (joints.length === 0) {
    throw new PraxisError(ErrorCodes.DATASET_INCOMPATIBLE, 'This dataset records no joint positions (<joint>.pos) to replay.', 'Replay needs an observation.state with joint positions.');
  }
  return {
    id: `replay:${type || 'robot'}`,
    displayName: `${dataset.robotType ?? 'Robot'} (recorded)`,
    joints,
    capabilities: ['seek'],
    urdf: stickUrdf(profile?.id ?? 'robot', joints),
    stateHz: dataset.fps,
    objects: [],
  };
}
