import { timingSafeEqual } from 'node:crypto';
import {
  type CallName,
  type CallResult,
  ClientMessageSchema,
  calls,
  ErrorCodes,
  isCallName,
  isStreamName,
  MAX_EVENTS_IN_FLIGHT,
  PROTOCOL_VERSION,
  type PraxisError,
  type PraxisErrorData,
  type ServerMessage,
  type StreamEvent,
  type StreamName,
  toErrorData,
} from '../api';

/** A stream as the transport sees it: pull the next event when the client has room for it. */
export interface StreamCursor<E> {
  /** The next event to send, or null when nothing new is ready. */
  poll(): E | null;
  /** Called by the cursor when poll() would return something. */
  onReady(listener: () => void): void;
  close(): void;
}

export type CallHandlers = {
  [M in CallName]: (params: ReturnType<(typeof calls)[M]['params']['parse']>) => Promise<CallResult<M>>;
};
export type StreamOpeners = { [S in StreamName]: () => StreamCursor<StreamEvent<S>> };
export interface ApiHandlers {
  calls: CallHandlers;
  streams: StreamOpeners;
}

export interface ConnectionTransport {
  send(message: ServerMessage): void;
  /** True while the underlying socket has too much unsent data; the connection then holds events back. */
  congested?(): boolean;
  /** Close the underlying channel (after an authentication failure). */
  close?(): void;
}

interface Subscription {
  cursor: StreamCursor<unknown>;
  seq: number;
  acked: number;
}

/**
 * One client of the API over any transport. It validates every message against the contract, answers
 * calls, and runs subscriptions with credit-based flow control: at most MAX_EVENTS_IN_FLIGHT events
 * are sent ahead of the client's acks; beyond that the stream's cursor coalesces (its own policy) and
 * nothing piles up in memory.
 */
export class ApiConnection {
  private authenticated: boolean;
  private readonly subscriptions = new Map<number, Subscription>();
  private closed = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly handlers: ApiHandlers,
    private readonly transport: ConnectionTransport,
    /** The per-launch token a client must present; null when the channel is trusted (Electron IPC). */
    private readonly token: string | null,
  ) {
    this.authenticated = token === null;
  }

  /** Feed one incoming message (already JSON-decoded, or a raw string to decode). */
  receive(raw: unknown): void {
    if (this.closed) return;
    let value = raw;
    if (typeof raw === 'string') {
      try {
        value = JSON.parse(raw);
      } catch {
        this.sendError(null, {
          code: ErrorCodes.BAD_MESSAGE,
          message: 'The message is not valid JSON.',
          hint: 'Send one JSON object per message, as the Praxis API contract describes.',
        });
        return;
      }
    }
    const parsed = ClientMessageSchema.safeParse(value);
    if (!parsed.success) {
      const id = typeof value === 'object' && value && 'id' in value && typeof value.id === 'number' ? value.id : null;
      this.sendError(id, {
        code: ErrorCodes.BAD_MESSAGE,
        message: `The message does not match the API contract: ${parsed.error.issues[0]?.message ?? 'unknown shape'}.`,
        hint: 'Check the message type and fields against src-main/api/wire.ts.',
      });
      return;
    }
    const msg = parsed.data;
    if (msg.type === 'hello') {
      this.hello(msg.token, msg.protocol);
      return;
    }
    if (!this.authenticated) {
      this.sendError('id' in msg ? msg.id : null, {
        code: ErrorCodes.UNAUTHORIZED,
        message: 'This connection has not presented the session token.',
        hint: 'Open the exact URL that `praxis serve` printed (it carries the token).',
      });
      return;
    }
    switch (msg.type) {
      case 'call':
        void this.call(msg.id, msg.method, msg.params);
        return;
      case 'subscribe':
        this.subscribe(msg.id, msg.stream);
        return;
      case 'unsubscribe':
        this.unsubscribe(msg.id);
        return;
      case 'ack': {
        const sub = this.subscriptions.get(msg.id);
        if (sub) {
          sub.acked = Math.max(sub.acked, Math.min(msg.seq, sub.seq));
          this.pump(msg.id);
        }
        return;
      }
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const sub of this.subscriptions.values()) sub.cursor.close();
    this.subscriptions.clear();
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  private hello(token: string, protocol: number): void {
    if (protocol !== PROTOCOL_VERSION) {
      this.sendError(null, {
        code: ErrorCodes.BAD_MESSAGE,
        message: `Client speaks protocol ${protocol}, this server speaks ${PROTOCOL_VERSION}.`,
        hint: 'Reload the page so the UI and the server come from the same version.',
      });
      return;
    }
    if (this.token !== null && !tokensEqual(token, this.token)) {
      this.sendError(null, {
        code: ErrorCodes.UNAUTHORIZED,
        message: 'Wrong session token.',
        hint: 'Open the exact URL that `praxis serve` printed; the token changes at every launch.',
      });
      this.transport.close?.();
      return;
    }
    this.authenticated = true;
    this.transport.send({ type: 'welcome', protocol: PROTOCOL_VERSION });
  }

  private async call(id: number, method: string, params: unknown): Promise<void> {
    if (!isCallName(method)) {
      this.sendError(id, {
        code: ErrorCodes.UNKNOWN_METHOD,
        message: `Unknown method "${method}".`,
        hint: 'Update the client; see src-main/api/contract.ts for the methods this version offers.',
      });
      return;
    }
    const spec = calls[method];
    const parsedParams = spec.params.safeParse(params ?? {});
    if (!parsedParams.success) {
      const issue = parsedParams.error.issues[0];
      this.sendError(id, {
        code: ErrorCodes.INVALID_ARGUMENT,
        message: `Invalid arguments for ${method}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'bad shape'}.`,
        hint: 'Check the arguments against the contract.',
      });
      return;
    }
    try {
      const handler = this.handlers.calls[method] as (p: unknown) => Promise<unknown>;
      const result = await handler(parsedParams.data);
      if (!this.closed) this.transport.send({ type: 'result', id, result });
    } catch (e) {
      this.sendError(id, toErrorData(e));
    }
  }

  private subscribe(id: number, stream: string): void {
    if (!isStreamName(stream)) {
      this.sendError(id, {
        code: ErrorCodes.UNKNOWN_METHOD,
        message: `Unknown stream "${stream}".`,
        hint: 'See src-main/api/contract.ts for the streams this version offers.',
      });
      return;
    }
    if (this.subscriptions.has(id)) {
      this.sendError(id, { code: ErrorCodes.BAD_MESSAGE, message: `Subscription id ${id} is already in use.` });
      return;
    }
    const cursor = this.handlers.streams[stream]() as StreamCursor<unknown>;
    const sub: Subscription = { cursor, seq: 0, acked: 0 };
    this.subscriptions.set(id, sub);
    cursor.onReady(() => this.pump(id));
    this.pump(id);
  }

  private unsubscribe(id: number): void {
    const sub = this.subscriptions.get(id);
    if (!sub) return;
    sub.cursor.close();
    this.subscriptions.delete(id);
  }

  /** Send as many ready events as the client's credit allows. */
  private pump(id: number): void {
    const sub = this.subscriptions.get(id);
    if (!sub || this.closed) return;
    while (sub.seq - sub.acked < MAX_EVENTS_IN_FLIGHT) {
      if (this.transport.congested?.()) {
        // The socket itself is backed up (client not reading): try again shortly rather than queueing.
        this.retryTimer ??= setTimeout(() => {
          this.retryTimer = null;
          for (const key of this.subscriptions.keys()) this.pump(key);
        }, 50);
        return;
      }
      const data = sub.cursor.poll();
      if (data === null) return;
      sub.seq++;
      this.transport.send({ type: 'event', id, seq: sub.seq, data });
    }
  }

  private sendError(id: number | null, error: PraxisErrorData | ReturnType<PraxisError['toData']>): void {
    if (this.closed) return;
    this.transport.send({ type: 'error', id, error });
  }
}

function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
