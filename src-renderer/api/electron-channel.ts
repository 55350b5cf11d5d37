import type { ClientMessage, TransportState } from '../../src-main/api';
import type { MessageChannelLike } from './rpc-client';

/** The functions the sandboxed preload exposes (src-main/app/preload.ts): named functions only, no ipcRenderer. */
export interface PraxisBridge {
  send(message: ClientMessage): void;
  onMessage(listener: (message: unknown) => void): () => void;
  /** The desktop View menu asks for a panel by id (absent in an older preload). */
  onShowPanel?(listener: (id: string) => void): () => void;
}

declare global {
  interface Window {
    praxisBridge?: PraxisBridge;
  }
}

/** The desktop transport: messages through the preload bridge to the Electron main process. */
export class ElectronChannel implements MessageChannelLike {
  constructor(private readonly bridge: PraxisBridge) {}

  async open(): Promise<void> {}

  send(message: ClientMessage): void {
    this.bridge.send(message);
  }

  onMessage(listener: (m: unknown) => void): void {
    this.bridge.onMessage(listener);
  }

  onState(listener: (s: TransportState) => void): void {
    // IPC lives as long as the window does.
    listener({ connected: true });
  }
}
