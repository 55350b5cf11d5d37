// Byte transports (serial, TCP, in-memory) and pty pairs, as a face for the simulator's virtual servos,
// the CLI and tests.
export * from './memory';
export * from './ptyPair';
export * from './serial';
export * from './transport';
