// What the studio's link-backed sources (the sim and a serial arm) share: commands go to the link's one
// safety gate, and each polled joint state becomes a session-clock sample carrying the tracking error.

import type { ObjectPose } from '../api';
import type { CommandSource, GateVerdict, JointState, RobotLink } from '../robot';
import type { JointSample } from './robot-source';

/**
 * Sends through the gate. A limp arm (torque off after connect, a release after an e-stop) is powered on
 * by the first command that passes, as a servo arm is when teleop starts; the gate's verdict is returned
 * whatever happens to that torque request, and its failure goes to `onError`.
 */
export function linkCommand(link: RobotLink, targets: ArrayLike<number>, source: CommandSource, onError: (e: unknown) => void): GateVerdict {
  const verdict = link.command(targets, source);
  if (verdict.sent && !link.torqueEnabled && !powering.has(link)) {
    powering.add(link);
    link
      .torque(true)
      .catch(onError)
      .finally(() => powering.delete(link));
  }
  return verdict;
}

const powering = new WeakSet<RobotLink>();

/** A link's joint state as a studio sample: own copies, the session clock's time, the gate's last target. */
export function linkSample(s: JointState, link: RobotLink, t: number, objects: readonly ObjectPose[]): JointSample {
  const position = s.position.slice();
  return {
    t,
    position,
    velocity: s.velocity.slice(),
    targets: link.gate.lastSent?.slice() ?? position.slice(),
    objects,
    tracking: { error: s.tracking.error.slice(), blocked: s.tracking.blocked.slice() },
  };
}
