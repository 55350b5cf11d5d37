// TCP transport: ser2net, ESP32 Wi-Fi bridges and other raw-socket serial bridges.

import { connect, type Socket } from 'node:net';
import { ErrorCodes, PraxisError } from '../../api';
import { Listeners, type Transport } from './transport';

export interface TcpOptions {
  host: string;
  port: number;
  /** The bridge's own line rate, when known; used only for timing estimates. */
  baudRate?: number;
  connectTimeoutMs?: number;
}

export function openTcpTransport(opts: TcpOptions): Promise<Transport> {
  const label = `tcp://${opts.host}:${opts.port}`;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: opts.host, port: opts.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new PraxisError(ErrorCodes.PORT_NOT_FOUND, `No answer from ${label}.`, 'Check the bridge is powered, on the same network, and the port number.', {
          host: opts.host,
          port: opts.port,
        }),
      );
    }, opts.connectTimeoutMs ?? 3000);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.setNoDelay(true);
      resolve(new TcpTransport(socket, label, opts.baudRate));
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const refused = err.code === 'ECONNREFUSED';
      reject(
        new PraxisError(
          refused ? ErrorCodes.PORT_NOT_FOUND : ErrorCodes.PORT_CLOSED,
          `Could not connect to ${label}: ${err.message}`,
          refused ? 'Nothing listens on that port: start ser2net (or the bridge firmware) and check its port.' : 'Check the network path to the bridge.',
          { host: opts.host, port: opts.port },
        ),
      );
    });
  });
}

class TcpTransport implements Transport {
  private readonly data = new Listeners<[Uint8Array]>();
  private readonly closed = new Listeners<[PraxisError | undefined]>();
  private closing = false;
  private ended = false;

  constructor(
    private readonly socket: Socket,
    readonly description: string,
    public baudRate: number | undefined,
  ) {
    socket.on('data', (b: Buffer) => this.data.emit(new Uint8Array(b.buffer, b.byteOffset, b.length)));
    socket.on('error', () => {});
    socket.on('close', () => {
      if (this.ended) return;
      this.ended = true;
      this.closed.emit(
        this.closing
          ? undefined
          : new PraxisError(ErrorCodes.PORT_CLOSED, `${description} dropped the connection.`, 'Check the bridge and the network; Praxis reconnects when it returns.'),
      );
    });
  }

  get isOpen(): boolean {
    return !this.ended;
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.ended) return Promise.reject(new PraxisError(ErrorCodes.PORT_CLOSED, `${this.description} is closed.`, 'Reconnect.'));
    return new Promise((resolve, reject) => this.socket.write(bytes, (err) => (err ? reject(err) : resolve())));
  }

  onData(l: (bytes: Uint8Array) => void) {
    return this.data.add(l);
  }

  onClose(l: (error?: PraxisError) => void) {
    return this.closed.add(l);
  }

  async setBaudRate(baud: number): Promise<void> {
    // A raw TCP bridge has no way to change the far UART's rate (RFC 2217 does; ser2net raw mode does not).
    this.baudRate = baud;
  }

  close(): Promise<void> {
    if (this.ended) return Promise.resolve();
    this.closing = true;
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end();
      this.socket.destroy();
    });
  }
}
