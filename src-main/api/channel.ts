// The one Electron IPC channel the contract travels on. Its own file, free of dependencies, because the
// sandboxed preload may require nothing but 'electron'.
export const IPC_CHANNEL = 'praxis:api';
/** Desktop only: the View menu asks the window to show a panel (by id), e.g. one closed with ×. */
export const SHOW_PANEL_CHANNEL = 'praxis:show-panel';
