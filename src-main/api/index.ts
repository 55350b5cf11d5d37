// The contract: shared by src-main and src-renderer. No Node imports here.
export * from './errors';
export * from './units';
