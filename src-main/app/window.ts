import { join } from 'node:path';
import { BrowserWindow, session, shell } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../server';
import { externalLinkAllowed } from './navigation-policy';

/**
 * The one window. Locked down as Electron's security checklist asks: isolated, sandboxed, no Node in the
 * page, a strict CSP on every response, no navigation away and no new windows: a link to an allowed
 * host opens in the user's browser (navigation-policy.ts), anything else is refused.
 */
export function createMainWindow(outDir: string): BrowserWindow {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => {
    // Cameras for recording; everything else is refused.
    callback(permission === 'media');
  });

  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    backgroundColor: '#111318',
    title: 'Praxis Studio',
    show: false,
    webPreferences: {
      preload: join(outDir, 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // A middle click on a link must not open anything, not even raise the auxclick event a page could act on.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (externalLinkAllowed(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());

  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (devUrl && /^http:\/\/(localhost|127\.0\.0\.1)/.test(devUrl)) void win.loadURL(devUrl);
  else void win.loadFile(join(outDir, 'renderer', 'index.html'));
  return win;
}
