import type { BlockedJoint, JointStateBatch, RobotStatus } from '../../src-main/api';

/**
 * The safety gate's findings as the studio publishes them: the blocked joints ride on the robot status,
 * the per-joint tracking error (target − position, rad) on each joint-state batch.
 */
export function blockedOf(status: Pick<RobotStatus, 'blocked'>): readonly BlockedJoint[] {
  return status.blocked ?? [];
}

/** A batch's tracking error when it covers every joint (a source without targets sends none). */
export function trackingErrorOf(batch: Pick<JointStateBatch, 'trackingError'>, joints: number): readonly number[] | null {
  const error = batch.trackingError;
  return error && error.length === joints ? error : null;
}

/** The status-bar warning: which joints are blocked, where they were sent and where they are, in radians. */
export function blockedWarning(blocked: readonly BlockedJoint[]): string | null {
  if (blocked.length === 0) return null;
  const parts = blocked.map((b) => `${b.joint} (target ${b.target.toFixed(2)}, at ${b.position.toFixed(2)} rad)`);
  return `${blocked.length === 1 ? 'Joint blocked' : `${blocked.length} joints blocked`}: ${parts.join(', ')} — something holds it; free it or send it back.`;
}
