// The wire level of servo buses, as a face for code that speaks the protocols from the other side (the
// simulator's virtual servos) or drives a bus directly (tests, tools): frame codecs, stream parsers,
// control tables, and the two bus implementations.
export * from './controlTable';
export * from './dynamixel';
export { DynamixelBus } from './dynamixelBus';
export * from './dynamixelParser';
export * from './dynamixelTables';
export type { StreamParser } from './exchange';
export * from './feetech';
export { FeetechBus } from './feetechBus';
export * from './feetechParser';
export * from './feetechTables';
