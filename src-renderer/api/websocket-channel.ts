import type { ClientMessage, TransportState } from '../../src-main/api';
import type { MessageChannelLike } from './rpc-client';

/** The browser/remote transport: a WebSocket back to the `praxis serve` that served this page. Reconnects with backoff. */
export class WebSocketChannel implements MessageChannelLike {
  private ws: WebSocket | null = null;
  private messageListener: ((m: unknown) => void) | null = null;
  private stateListener: ((s: TransportState) => void) | null = null;
  private retryMs = 250;

  constructor(private readonly url: string) {}

  open(): Promise<void> {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url);
      this.ws = ws;
      ws.onopen = () => {
        this.retryMs = 250;
        this.stateListener?.({ connected: true });
        resolve();
      };
      ws.onmessage = (e) => {
        try {
          this.messageListener?.(JSON.parse(String(e.data)));
        } catch {
          console.error('Praxis: non-JSON message from the studio');
        }
      };
      ws.onerror = () => reject(new Error(`Cannot reach the studio at ${this.url}.`));
      ws.onclose = (e) => {
        this.ws = null;
        const error = e.code === 4001 ? 'The studio refused this page: wrong session token.' : 'Disconnected from the studio; retrying…';
        this.stateListener?.({ connected: false, error });
        if (e.code !== 4001) {
          setTimeout(() => this.reconnect(), this.retryMs);
          this.retryMs = Math.min(this.retryMs * 2, 5000);
        }
      };
    });
  }

  /** Set by the client: called after a drop so it can re-authenticate and re-subscribe. */
  onReconnect: (() => void) | null = null;

  private reconnect(): void {
    this.onReconnect?.();
  }

  send(message: ClientMessage): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  onMessage(listener: (m: unknown) => void): void {
    this.messageListener = listener;
  }

  onState(listener: (s: TransportState) => void): void {
    this.stateListener = listener;
  }
}
