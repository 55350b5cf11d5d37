// Public face of the robot link: connect a profile over a transport, read joints, send safe targets.

export type { BusProtocol, ServoAlert, ServoBus, ServoIdentity } from './buses/servoBus';
export { createServoBus } from './buses/createBus';
export { FeetechBus } from './buses/feetechBus';
export { DynamixelBus } from './buses/dynamixelBus';
export { type JointCalibration, type RobotCalibration, RobotCalibrationSchema } from './calibration/calibrationData';
export { type CalibrationCheck, checkCalibration, restoreCalibration } from './calibration/calibrationCheck';
export { type JointState, type LinkState, RobotLink, type RobotLinkOptions, type SentTargets } from './link';
export { BUILTIN_PROFILES, type JointProfile, parseRobotProfile, type RobotProfile } from './profiles';
export { filterTargets, type TargetLimits } from './safety/targetFilter';
export { memoryCable, type MemoryCable } from './transports/memory';
export { portOpenError } from './transports/openErrors';
export { listPorts, type PortInfo, portHint } from './transports/ports';
export { openSerialTransport } from './transports/serial';
export { openTcpTransport } from './transports/tcp';
export type { Transport, TransportOpener } from './transports/transport';
