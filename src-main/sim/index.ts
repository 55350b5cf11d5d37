// The embedded default robot: a MuJoCo SO-101-like arm on a table with a cube (see README.md).
// servo-bus/ (the virtual Feetech bus over this world) has its own face: ./servo-bus.

export { type CameraImage, RayCastCamera, type RayCastCameraOptions } from './camera';
export { type ArmSample, armSampleCopy, armSampleCreate, type ObjectPoseSample } from './arm-sample';
export { type LinkTransform, urdfLinkPose, urdfLinkTransform } from './forward-kinematics';
export { type ClientActivity, IdleSleep, type IdleSleepOptions, jointsAtRest, type NappingPhysics } from './idle-sleep';
export { mujocoLoad, type MujocoModule } from './mujoco-runtime';
export type { Pose, Quaternion, Vec3 } from './pose';
export {
  RealtimeRunner,
  type RealtimeRunnerOptions,
  type RealtimeWorld,
  type RunnerClock,
  type RunnerErrorListener,
  type RunnerStats,
  type RunnerTimers,
  type SampleListener,
} from './realtime-runner';
export { type RobotFilesOptions, robotFilePath, robotFileRead, SO101_MJCF, SO101_URDF } from './robot-files';
export type { SimJoint } from './arm-layout';
export { SimulatedArm, type SimulatedArmOptions, SO101_JOINT_NAMES } from './simulated-arm';
export { type UrdfJoint, type UrdfRobot, urdfChainTo, urdfMovableJoints, urdfParse } from './urdf';
export { type GatedSimRobot, type GatedSimRobotOptions, gatedSimRobotOpen, SIM_PROFILE, simLinkCreate } from './gated-sim-robot';
