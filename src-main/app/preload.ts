import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CHANNEL, SHOW_PANEL_CHANNEL } from '../api/channel';

// Sandboxed preload: it exposes three named functions and nothing else (no ipcRenderer, no Node).
// Messages are validated in the main process against the contract, so nothing here trusts the page.
contextBridge.exposeInMainWorld('praxisBridge', {
  send(message: unknown): void {
    ipcRenderer.send(IPC_CHANNEL, message);
  },
  onMessage(listener: (message: unknown) => void): () => void {
    const handler = (_e: IpcRendererEvent, message: unknown) => listener(message);
    ipcRenderer.on(IPC_CHANNEL, handler);
    return () => ipcRenderer.removeListener(IPC_CHANNEL, handler);
  },
  /** The View menu asked for a panel; only a string id is passed on (the renderer checks it is a panel). */
  onShowPanel(listener: (id: string) => void): () => void {
    const handler = (_e: IpcRendererEvent, id: unknown) => {
      if (typeof id === 'string') listener(id);
    };
    ipcRenderer.on(SHOW_PANEL_CHANNEL, handler);
    return () => ipcRenderer.removeListener(SHOW_PANEL_CHANNEL, handler);
  },
});
