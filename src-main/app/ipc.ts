import { type BrowserWindow, ipcMain } from 'electron';
import { IPC_CHANNEL } from '../api';
import { ApiConnection, type Studio } from '../studio';

/**
 * The Electron transport of the contract: one ApiConnection per window, fed only by that window's main
 * frame. The channel is trusted (no token), but every message is still validated by ApiConnection.
 */
export function wireIpc(win: BrowserWindow, studio: Studio): () => void {
  const connection = new ApiConnection(
    studio.handlers,
    {
      send: (message) => {
        if (!win.isDestroyed()) win.webContents.send(IPC_CHANNEL, message);
      },
    },
    null,
  );
  const onMessage = (event: Electron.IpcMainEvent, message: unknown) => {
    if (event.sender !== win.webContents || event.senderFrame !== win.webContents.mainFrame) return;
    connection.receive(message);
  };
  ipcMain.on(IPC_CHANNEL, onMessage);
  const dispose = () => {
    ipcMain.removeListener(IPC_CHANNEL, onMessage);
    connection.close();
  };
  win.on('closed', dispose);
  return dispose;
}
