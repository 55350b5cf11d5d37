import type { PraxisApi } from '../../src-main/api';
import { ElectronChannel } from './electron-channel';
import { RpcClient } from './rpc-client';
import { WebSocketChannel } from './websocket-channel';

/**
 * One API for the whole UI: the Electron bridge when the preload provided it, otherwise a WebSocket to
 * the server that served this page, authenticated with the token from the URL fragment.
 */
export function createApi(): PraxisApi & { connect(): Promise<void> } {
  if (window.praxisBridge) return new RpcClient(new ElectronChannel(window.praxisBridge), '');
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const channel = new WebSocketChannel(`${scheme}//${window.location.host}/api`);
  const client = new RpcClient(channel, token);
  channel.onReconnect = () => client.reconnect();
  return client;
}
