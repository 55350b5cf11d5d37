// The one Electron IPC channel the contract travels on. Its own file, free of dependencies, because the
// sandboxed preload may require nothing but 'electron'.
export const IPC_CHANNEL = 'praxis:api';
