// A byte pipe to a bus: serial port, TCP bridge or in-memory pair. Buses speak only this.

import type { PraxisError } from '../../api';

export interface Transport {
  /** Human label: "/dev/ttyACM0 @ 1000000", "tcp://192.168.4.1:8888". */
  readonly description: string;
  /** Bits per second on the wire, for timing; undefined where unknown (TCP). */
  readonly baudRate: number | undefined;
  readonly isOpen: boolean;
  write(bytes: Uint8Array): Promise<void>;
  /** Returns an unsubscribe function. */
  onData(listener: (bytes: Uint8Array) => void): () => void;
  /** Fires once when the transport closes; `error` is set when it was lost rather than closed by us. */
  onClose(listener: (error?: PraxisError) => void): () => void;
  /** Change the line rate (bus scan tries several). */
  setBaudRate(baud: number): Promise<void>;
  close(): Promise<void>;
}

/** Opens (and after a loss re-opens) a transport: what reconnect needs. */
export type TransportOpener = () => Promise<Transport>;

/** Seconds a byte occupies the wire: 8N1 framing is 10 bits per byte. */
export function wireSeconds(bytes: number, baudRate: number | undefined): number {
  return baudRate ? (bytes * 10) / baudRate : 0;
}

/** Listener bookkeeping shared by the transports. */
export class Listeners<T extends unknown[]> {
  private readonly set = new Set<(...args: T) => void>();
  add(l: (...args: T) => void): () => void {
    this.set.add(l);
    return () => this.set.delete(l);
  }
  emit(...args: T): void {
    for (const l of [...this.set]) l(...args);
  }
  clear(): void {
    this.set.clear();
  }
}
