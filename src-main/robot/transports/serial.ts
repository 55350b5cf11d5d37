// Serial transport over the `serialport` package: real USB adapters and pseudo-terminals alike.

import { SerialPort } from 'serialport';
import { ErrorCodes, PraxisError } from '../../api';
import { portOpenError } from './openErrors';
import { Listeners, type Transport } from './transport';

export interface SerialOptions {
  path: string;
  baudRate: number;
}

export async function openSerialTransport(opts: SerialOptions): Promise<Transport> {
  const port = new SerialPort({ path: opts.path, baudRate: opts.baudRate, autoOpen: false, lock: true });
  await new Promise<void>((resolve, reject) => {
    port.open((err) => (err ? reject(portOpenError(opts.path, err)) : resolve()));
  });
  return new SerialTransport(port, opts.path);
}

class SerialTransport implements Transport {
  private readonly data = new Listeners<[Uint8Array]>();
  private readonly closed = new Listeners<[PraxisError | undefined]>();
  private closing = false;
  private ended = false;

  constructor(
    private readonly port: SerialPort,
    private readonly path: string,
  ) {
    port.on('data', (chunk: Buffer) => this.data.emit(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)));
    port.on('error', () => {
      // 'close' follows with the reason; errors on their own are reported by write().
    });
    port.on('close', (err?: Error) => this.finish(err));
  }

  get description(): string {
    return `${this.path} @ ${this.port.baudRate}`;
  }

  get baudRate(): number {
    return this.port.baudRate;
  }

  get isOpen(): boolean {
    return this.port.isOpen && !this.ended;
  }

  write(bytes: Uint8Array): Promise<void> {
    if (!this.isOpen) return Promise.reject(lost(this.path));
    return new Promise((resolve, reject) => {
      this.port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), (err) =>
        err ? reject(lost(this.path, err)) : resolve(),
      );
    });
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.data.add(listener);
  }

  onClose(listener: (error?: PraxisError) => void): () => void {
    return this.closed.add(listener);
  }

  setBaudRate(baud: number): Promise<void> {
    return new Promise((resolve, reject) =>
      this.port.update({ baudRate: baud }, (err) => (err ? reject(lost(this.path, err)) : resolve())),
    );
  }

  close(): Promise<void> {
    if (this.ended) return Promise.resolve();
    this.closing = true;
    return new Promise((resolve) => {
      if (!this.port.isOpen) {
        this.finish();
        resolve();
        return;
      }
      this.port.close(() => {
        this.finish();
        resolve();
      });
    });
  }

  private finish(err?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.closed.emit(this.closing ? undefined : lost(this.path, err));
    this.data.clear();
    this.closed.clear();
  }
}

function lost(path: string, err?: Error): PraxisError {
  return new PraxisError(
    ErrorCodes.PORT_CLOSED,
    `The serial port ${path} closed${err ? `: ${err.message}` : ''}.`,
    'Check the USB cable; Praxis reconnects by itself when the port comes back.',
    { path },
  );
}
