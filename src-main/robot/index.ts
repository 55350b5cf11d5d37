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
export { openPort } from './transports/openPort';
export { openSerialTransport } from './transports/serial';
export { openTcpTransport } from './transports/tcp';
export type { Transport, TransportOpener } from './transports/transport';
export {
  baudCode,
  changeServoBaud,
  changeServoId,
  defaultScanBauds,
  type FoundServo,
  parseIdList,
  type ScanOptions,
  scanBus,
} from './buses/busTools';
export { JointIo } from './buses/jointIo';
export { STS_CONTROL_TABLE } from './buses/feetechTables';
export { X_CONTROL_TABLE } from './buses/dynamixelTables';
export { registerRange, type ControlTable, type Register } from './buses/controlTable';
export { dynamixelFrameText, feetechFrameText } from './buses/packetText';
export { FeetechParser } from './buses/feetechParser';
export { DynamixelParser } from './buses/dynamixelParser';
export { type CalibrationStep, CalibrationProcedure, MIN_SWEEP_TICKS, type SweepProgress } from './calibration/calibrationProcedure';
export { calibrationLoad, calibrationSave } from './calibration/calibrationStore';
export { homingForCentre } from './buses/homing';
export {
  type DeviceMessage,
  LINE_PROTOCOL_VERSION,
  type LineJoint,
  LineParser,
  lineEncode,
  lineEstop,
  lineHeartbeat,
  lineHelloRequest,
  lineRate,
  lineRelease,
  lineTargets,
  lineTorque,
} from './buses/lineProtocol';
export type { JointDriver } from './drivers/jointDriver';
export { LineDriver, lineProfileFromHello } from './drivers/lineDriver';
export { ServoDriver } from './drivers/servoDriver';
export { calibrationFromLeRobot, type LeRobotImport } from './calibration/lerobotImport';
