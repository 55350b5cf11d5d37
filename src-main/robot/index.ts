// Public face of the robot link: connect a profile over a transport, read joints in radians, send
// safety-filtered targets; plus the bus tools, calibration and port discovery the app and CLI use.

// The link the app talks to
export { type JointState, type LinkState, RobotLink, type RobotLinkOptions, type SentTargets } from './link';
export type { JointDriver } from './drivers/jointDriver';
export { ServoDriver } from './drivers/servoDriver';
export { LineDriver, lineProfileFromHello } from './drivers/lineDriver';

// Profiles and safety
export { BUILTIN_PROFILES, type JointProfile, parseRobotProfile, type RobotProfile, type WorkspaceProfile } from './profiles';
export { filterTargets, type TargetLimits } from './safety/targetFilter';
export { COMMAND_SOURCES, type CommandSource, type GateLimits, type GateVerdict, JointClip, jointClipNames, SafetyGate, type SafetyGateOptions } from './safety/safety-gate';
export { type TrackingOptions, type TrackingReport, TrackingMonitor } from './safety/tracking-error';
export { type WorkspaceBox, workspaceExcess, workspaceScratchCreate } from './safety/workspace-box';
export { type GatedLinkStart, type GatedRobot, type GatedSerialRobotOptions, gatedLinkStart, gatedRobotFromLink, gatedSerialRobotOpen } from './gated-robot';

// Calibration
export { type JointCalibration, type RobotCalibration, RobotCalibrationSchema } from './calibration/calibrationData';
export { type CalibrationStep, CalibrationProcedure, MIN_SWEEP_TICKS, type SweepProgress } from './calibration/calibrationProcedure';
export { type CalibrationCheck, checkCalibration, restoreCalibration } from './calibration/calibrationCheck';
export { calibrationLoad, calibrationSave } from './calibration/calibrationStore';
export { calibrationFromLeRobot, type LeRobotImport } from './calibration/lerobotImport';
export { homingForCentre } from './buses/homing';

// Transports and ports
export type { Transport, TransportOpener } from './transports/transport';
export { openPort } from './transports/openPort';
export { openSerialTransport } from './transports/serial';
export { openTcpTransport } from './transports/tcp';
export { type MemoryCable, memoryCable } from './transports/memory';
export { listPorts, type PortInfo, portHint } from './transports/ports';
export { portOpenError } from './transports/openErrors';

// Servo buses and bus tools
export type { BusProtocol, ServoAlert, ServoBus, ServoIdentity } from './buses/servoBus';
export { createServoBus } from './buses/createBus';
export { FeetechBus } from './buses/feetechBus';
export { DynamixelBus } from './buses/dynamixelBus';
export type { BulkReadItem, BulkWriteItem } from './buses/dynamixel';
export { JointIo } from './buses/jointIo';
export { type ControlTable, type Register, registerRange } from './buses/controlTable';
export { STS_CONTROL_TABLE } from './buses/feetechTables';
export { X_CONTROL_TABLE } from './buses/dynamixelTables';
export { baudCode, changeServoBaud, changeServoId, defaultScanBauds, type FoundServo, parseIdList, type ScanOptions, scanBus } from './buses/busTools';
export { FeetechParser } from './buses/feetechParser';
export { DynamixelParser } from './buses/dynamixelParser';
export { dynamixelFrameText, feetechFrameText } from './buses/packetText';

// Praxis line protocol (custom firmware, resources/firmware)
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
