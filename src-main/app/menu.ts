import { app, BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron';
import { SHOW_PANEL_CHANNEL } from '../api/channel';
import { panelMenuItems } from './panel-menu';

export function installMenu(): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        // A panel closed with × comes back from here (the title bar's Panels menu does the same in a browser).
        { label: 'Panels', submenu: panelMenuItems((id) => BrowserWindow.getFocusedWindow()?.webContents.send(SHOW_PANEL_CHANNEL, id)) },
        { type: 'separator' },
        { role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: `Praxis Studio ${app.getVersion()}`, enabled: false }],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
