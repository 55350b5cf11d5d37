import {
  type CallName,
  type CallParams,
  type CallResult,
  type ClientMessage,
  calls,
  ErrorCodes,
  PROTOCOL_VERSION,
  type PraxisApi,
  PraxisError,
  ServerMessageSchema,
  type StreamEvent,
  type StreamName,
  streams,
  type TransportState,
} from '../../src-main/api';

/** What a transport must provide: bytes out, messages in. The Electron bridge and WebSocket both fit. */
export interface MessageChannelLike {
  send(message: ClientMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  onState(listener: (state: TransportState) => void): void;
  /** (Re)open the channel; resolves once messages can be sent. */
  open(): Promise<void>;
}

interface Pending {
  method: CallName;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface StreamSub {
  stream: StreamName;
  listener: (event: unknown) => void | Promise<void>;
}

/**
 * The UI's side of the contract over any channel. Replies and events are validated against the
 * contract before anyone sees them; each event is acknowledged only after its listener finished, which
 * is the backpressure the server's flow control relies on.
 */
export class RpcClient implements PraxisApi {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly subs = new Map<number, StreamSub>();
  /** Subscriptions already sent on the current connection: each goes out once, whoever gets there first. */
  private readonly subscribed = new Set<number>();
  private readonly transportListeners = new Set<(s: TransportState) => void>();
  private ready: Promise<void> | null = null;
  private state: TransportState = { connected: false };

  constructor(
    private readonly channel: MessageChannelLike,
    private readonly token: string,
  ) {
    channel.onMessage((m) => this.receive(m));
    channel.onState((s) => {
      if (!s.connected) {
        this.ready = null;
        this.subscribed.clear();
        for (const p of this.pending.values()) {
          p.reject(new PraxisError(ErrorCodes.NOT_CONNECTED, 'Lost the connection to the studio.', 'It reconnects by itself; retry in a moment.'));
        }
        this.pending.clear();
      }
      this.setState(s);
    });
  }

  private welcome: (() => void) | null = null;
  private refuse: ((e: unknown) => void) | null = null;

  /** Open the channel and authenticate; re-subscribes streams after a reconnect. */
  connect(): Promise<void> {
    this.ready ??= (async () => {
      await this.channel.open();
      await new Promise<void>((resolve, reject) => {
        this.welcome = resolve;
        this.refuse = reject;
        this.channel.send({ type: 'hello', token: this.token, protocol: PROTOCOL_VERSION });
      });
      for (const id of this.subs.keys()) this.sendSubscribe(id);
    })();
    this.ready.catch(() => {
      this.ready = null;
    });
    return this.ready;
  }

  /**
   * Reconnect after a drop (the channel calls this); a failure shows in the transport state, which the
   * status bar and the not-authorised notice read, and the channel retries by itself.
   */
  reconnect(): void {
    void this.connect().catch((e) => this.noteConnectFailure(e));
  }

  private noteConnectFailure(e: unknown): void {
    const err = e as { message?: string; hint?: string };
    const error = `${err.message ?? String(e)} ${err.hint ?? ''}`.trim();
    if (this.state.error !== error) this.setState({ connected: this.state.connected, error });
  }

  async call<M extends CallName>(method: M, params: CallParams<M>): Promise<CallResult<M>> {
    await this.connect();
    const id = this.nextId++;
    return new Promise<CallResult<M>>((resolve, reject) => {
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject });
      this.channel.send({ type: 'call', id, method, params });
    });
  }

  subscribe<S extends StreamName>(stream: S, listener: (event: StreamEvent<S>) => void | Promise<void>): () => void {
    const id = this.nextId++;
    this.subs.set(id, { stream, listener: listener as StreamSub['listener'] });
    void this.connect()
      .then(() => this.sendSubscribe(id))
      .catch((e) => this.noteConnectFailure(e));
    return () => {
      this.subscribed.delete(id);
      if (this.subs.delete(id) && this.state.connected) this.channel.send({ type: 'unsubscribe', id });
    };
  }

  private sendSubscribe(id: number): void {
    const sub = this.subs.get(id);
    if (!sub || this.subscribed.has(id)) return;
    this.subscribed.add(id);
    this.channel.send({ type: 'subscribe', id, stream: sub.stream });
  }

  onTransport(listener: (state: TransportState) => void): () => void {
    this.transportListeners.add(listener);
    listener(this.state);
    return () => this.transportListeners.delete(listener);
  }

  private setState(s: TransportState): void {
    this.state = s;
    for (const l of this.transportListeners) l(s);
  }

  private receive(raw: unknown): void {
    const parsed = ServerMessageSchema.safeParse(raw);
    if (!parsed.success) {
      console.error('Praxis: ignoring a malformed message from the studio', raw);
      return;
    }
    const msg = parsed.data;
    switch (msg.type) {
      case 'welcome':
        this.welcome?.();
        this.welcome = null;
        return;
      case 'result': {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        const checked = calls[p.method].result.safeParse(msg.result);
        if (checked.success) p.resolve(checked.data);
        else p.reject(new PraxisError(ErrorCodes.BAD_MESSAGE, `The studio answered ${p.method} with an unexpected shape.`, 'Reload the page; the UI and server versions may differ.'));
        return;
      }
      case 'error': {
        const error = new PraxisError(msg.error.code as PraxisError['code'], msg.error.message, msg.error.hint, msg.error.details);
        if (msg.id === null) {
          if (this.refuse) {
            this.refuse(error);
            this.refuse = null;
            this.welcome = null;
          }
          this.setState({ connected: this.state.connected, error: `${error.message} ${error.hint ?? ''}`.trim() });
          return;
        }
        const p = this.pending.get(msg.id);
        if (p) {
          this.pending.delete(msg.id);
          p.reject(error);
          return;
        }
        // A refused subscription has no promise to reject: make it visible rather than a silent empty panel.
        const sub = this.subs.get(msg.id);
        if (sub) {
          console.error(`Praxis: the studio refused the ${sub.stream} stream`, error);
          this.setState({ connected: this.state.connected, error: `The ${sub.stream} stream was refused: ${error.message} ${error.hint ?? ''}`.trim() });
        }
        return;
      }
      case 'event': {
        const sub = this.subs.get(msg.id);
        if (!sub) return;
        const checked = streams[sub.stream].event.safeParse(msg.data);
        if (!checked.success) {
          console.error(`Praxis: dropping a malformed ${sub.stream} event`, checked.error.issues[0]);
          this.channel.send({ type: 'ack', id: msg.id, seq: msg.seq });
          return;
        }
        void Promise.resolve()
          .then(() => sub.listener(checked.data))
          .catch((e) => console.error(e))
          .finally(() => {
            if (this.subs.has(msg.id)) this.channel.send({ type: 'ack', id: msg.id, seq: msg.seq });
          });
        return;
      }
    }
  }
}
