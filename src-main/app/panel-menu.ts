import type { MenuItemConstructorOptions } from 'electron';
import { PANEL_TITLES, type PanelId } from '../api/panels';

/**
 * The View menu's panel entries: one per panel, each asking the window to show it (reopening it where
 * it belongs if it was closed with ×). No Electron at runtime here, so the list is tested in plain Node.
 */
export function panelMenuItems(show: (id: PanelId) => void): MenuItemConstructorOptions[] {
  return (Object.keys(PANEL_TITLES) as PanelId[]).map((id) => ({ label: PANEL_TITLES[id], click: () => show(id) }));
}
