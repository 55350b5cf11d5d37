// The studio's panels by id and title: the renderer registers a component for each, the desktop View
// menu lists them. Dependency-free, like channel.ts, so every layer can read it.
export const PANEL_TITLES = {
  connect: 'Connect',
  scene: '3D Scene',
  joints: 'Joints',
  teleop: 'Teleop',
  calibrate: 'Calibrate',
  record: 'Record',
  episodes: 'Episodes',
  train: 'Train',
  plan: 'Plan',
  editor: 'Editor',
} as const;

export type PanelId = keyof typeof PANEL_TITLES;

export function isPanelId(id: unknown): id is PanelId {
  return typeof id === 'string' && Object.hasOwn(PANEL_TITLES, id);
}
