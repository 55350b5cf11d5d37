// Kinematics of serial arms: forward kinematics, Jacobians and damped-least-squares IK, pure and
// allocation-free in their loops. Independent of three.js and of the simulator.
export { type ChainJointSpec, type ChainJointType, type ChainLink, chainCreate, chainFromUrdf, type KinematicChain, type UrdfTree } from './chain';
export { type ChainPose, type ChainWorkspace, chainForward, chainJacobian, chainPoseCreate, chainWorkspaceCreate } from './forward';
export { type IkOptions, type IkResult, IkSolver, type IkStatus, type IkTarget } from './ik';
export { mat3FromAxisAngle, mat3FromQuaternion, mat3FromRpy, mat3Multiply, quaternionFromMat3, rotationError } from './rigid';
