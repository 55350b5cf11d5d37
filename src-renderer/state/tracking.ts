/** A joint the safety gate found far from its target for a while (pushed against the table, stalled on the cube). */
export interface BlockedJointView {
  joint: string;
  target: number;
  position: number;
}

/**
 * The gate's findings as the studio publishes them: the blocked joints ride on the robot status, the
 * per-joint tracking error (target − position, rad) on each joint-state batch. Read structurally, so a
 * studio that does not publish them yet simply shows none.
 */
export function blockedOf(status: object): BlockedJointView[] {
  const blocked = (status as { blocked?: unknown }).blocked;
  if (!Array.isArray(blocked)) return [];
  return blocked.filter(
    (b): b is BlockedJointView => !!b && typeof b.joint === 'string' && typeof b.target === 'number' && typeof b.position === 'number',
  );
}

export function trackingErrorOf(batch: object, joints: number): readonly number[] | null {
  const error = (batch as { trackingError?: unknown }).trackingError;
  return Array.isArray(error) && error.length === joints ? (error as number[]) : null;
}

/** The status-bar warning: which joints are blocked, where they were sent and where they are, in radians. */
export function blockedWarning(blocked: readonly BlockedJointView[]): string | null {
  if (blocked.length === 0) return null;
  const parts = blocked.map((b) => `${b.joint} (target ${b.target.toFixed(2)}, at ${b.position.toFixed(2)} rad)`);
  return `${blocked.length === 1 ? 'Joint blocked' : `${blocked.length} joints blocked`}: ${parts.join(', ')} — something holds it; free it or send it back.`;
}
