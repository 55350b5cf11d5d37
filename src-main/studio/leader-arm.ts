import { ErrorCodes, PraxisError } from '../api';
import { openSerialTransport, RobotLink, type RobotProfile } from '../robot';
import { LeaderTeleop } from '../teleop';

/**
 * Connect a leader arm on `port` (a leader profile: torque stays off so it can be moved by hand) and
 * return the teleop source that reads it in the follower's joint order, matched by joint name.
 */
export async function leaderArmConnect(port: string, profile: RobotProfile, followerJoints: readonly string[]): Promise<{ link: RobotLink; teleop: LeaderTeleop }> {
  if (profile.role !== 'leader') {
    throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `${profile.displayName} is a follower profile.`, 'A leader arm uses a leader profile (torque off, moved by hand), e.g. so101_leader.');
  }
  const index = followerJoints.map((name) => profile.joints.findIndex((j) => j.name === name));
  const missing = followerJoints.filter((_, i) => index[i] < 0);
  if (missing.length) {
    throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `The leader has no joint ${missing.join(', ')}.`, 'Use a leader whose joints match the follower (e.g. so101_leader for an SO-101).');
  }
  const link = new RobotLink({
    profile,
    open: () => openSerialTransport({ path: port, baudRate: profile.baudRate }),
    watchdogMs: 0,
    busTimeoutMs: 50,
    busRetries: 3,
  });
  await link.connect();
  const reading = new Float64Array(followerJoints.length);
  const teleop = new LeaderTeleop(
    {
      readPositions: async () => {
        const s = await link.readJointState();
        index.forEach((k, i) => {
          reading[i] = s.position[k];
        });
        return reading;
      },
    },
    followerJoints.length,
  );
  return { link, teleop };
}
