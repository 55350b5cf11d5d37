export { BUILTIN_PROFILES } from './builtins';
export { type JointProfile, MODEL_NUMBERS, parseRobotProfile, type RobotProfile, RobotProfileSchema, type ServoModel, type WorkspaceProfile } from './profile';
