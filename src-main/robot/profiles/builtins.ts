// The arms users own: SO-101 (Feetech STS3215) and Koch v1.1 (Dynamixel XL430/XL330), leader and follower.
// Joint names and IDs follow LeRobot so calibrations and datasets line up; limits follow the SO-101 URDF.

import type { JointProfile, RobotProfile, ServoModel } from './profile';

const j = (name: string, servoId: number, model: ServoModel, lower: number, upper: number, maxVelocity = 3): JointProfile => ({
  name,
  servoId,
  model,
  lower,
  upper,
  maxVelocity,
  direction: 1,
});

function so101(role: 'follower' | 'leader'): RobotProfile {
  return {
    id: `so101_${role}`,
    displayName: `SO-101 ${role}`,
    protocol: 'feetech',
    baudRate: 1_000_000,
    role,
    urdf: 'so101/so101.urdf',
    joints: [
      j('shoulder_pan', 1, 'sts3215', -1.91986, 1.91986),
      j('shoulder_lift', 2, 'sts3215', -1.74533, 1.74533),
      j('elbow_flex', 3, 'sts3215', -1.69, 1.69),
      j('wrist_flex', 4, 'sts3215', -1.65806, 1.65806),
      j('wrist_roll', 5, 'sts3215', -2.74385, 2.84121, 4),
      j('gripper', 6, 'sts3215', -0.174533, 1.74533, 4),
    ],
  };
}

function koch(role: 'follower' | 'leader'): RobotProfile {
  const big: ServoModel = role === 'follower' ? 'xl430-w250' : 'xl330-m077';
  const small: ServoModel = role === 'follower' ? 'xl330-m288' : 'xl330-m077';
  return {
    id: `koch_${role}`,
    displayName: `Koch v1.1 ${role}`,
    protocol: 'dynamixel',
    baudRate: 1_000_000,
    role,
    urdf: 'koch/koch.urdf',
    joints: [
      j('shoulder_pan', 1, big, -Math.PI / 2, Math.PI / 2),
      j('shoulder_lift', 2, big, -Math.PI / 2, Math.PI / 2),
      j('elbow_flex', 3, small, -Math.PI / 2, Math.PI / 2),
      j('wrist_flex', 4, small, -Math.PI / 2, Math.PI / 2),
      j('wrist_roll', 5, small, -Math.PI, Math.PI, 4),
      j('gripper', 6, small, -0.2, 1.5, 4),
    ],
  };
}

export const BUILTIN_PROFILES: Readonly<Record<string, RobotProfile>> = {
  so101_follower: so101('follower'),
  so101_leader: so101('leader'),
  koch_follower: koch('follower'),
  koch_leader: koch('leader'),
};
