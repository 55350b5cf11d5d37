// The contract: shared by src-main and src-renderer. No Node imports here.
export * from './calibration';
export * from './config';
export * from './contract';
export * from './control';
export * from './dataset';
export * from './jobs';
export * from './library';
export * from './panels';
export * from './plan';
export * from './errors';
export * from './robot';
export * from './train';
export * from './units';
export * from './wire';
export * from './value-units';
