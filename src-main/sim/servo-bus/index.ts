// Public face of the virtual servo bus: simulated arms that speak the real Feetech / Dynamixel wire
// protocols, over any transport (in-memory cable, pty, serial device).

export { collide, type ServoResponder } from './responder';
export { DynamixelResponder, DynamixelServo } from './dynamixelResponder';
export { FeetechResponder, FeetechServo, type VirtualServoSpec } from './feetechResponder';
export { type JointSource, KinematicJointSource } from './jointSource';
export { ServoMemory } from './servoMemory';
export { jointSourceFromArm, type PositionControlledArm } from './simulatedArmSource';
export { armServoSpecs, type ServeOptions, type ServedArm, type SimProtocol, serveVirtualArmOnSerial, type VirtualArmPlug, virtualArmOnTransport, virtualArmPlug } from './serve';
export { VirtualServoBus, type VirtualServoBusOptions } from './virtualServoBus';
export { JointSnapshot, SnapshotJointSource } from './joint-snapshot';
export { type ServedThreadEvent, serveVirtualArmInThread, type ThreadServeOptions, type ThreadServedArm } from './responder-thread';
