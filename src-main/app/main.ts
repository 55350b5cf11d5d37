import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow } from 'electron';
import { createStudio, studioConnectSim } from '../studio';
import { wireIpc } from './ipc';
import { installMenu } from './menu';
import { createMainWindow } from './window';

// The desktop shell: build the studio (plain Node services), open one window, connect them over IPC.
// Everything the app does lives in the services; this file only wires.

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');
// Packaged (build/electron-builder.yml): robots and models are extra resources beside the app.
const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(app.getAppPath(), 'resources');
const shippedModels = app.isPackaged ? join(process.resourcesPath, 'models') : join(app.getAppPath(), 'models');

app.enableSandbox();

app.whenReady().then(async () => {
  installMenu();
  const studio = createStudio({ shell: 'electron', version: app.getVersion(), resourcesDir, shippedModels });
  const open = () => wireIpc(createMainWindow(outDir), studio);
  open();
  // The app opens on the simulated arm; the window shows "connecting" meanwhile, and a failure in the status bar.
  void studioConnectSim(studio).then((failed) => {
    if (failed) console.warn(`Praxis Studio: the simulated arm did not start (${failed.code}: ${failed.message}).`);
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
  app.on('before-quit', () => {
    void studio.shutdown();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
