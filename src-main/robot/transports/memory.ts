// An in-memory cable: two connected transports, for tests and for the built-in simulated arm.
// Like a real UART, bytes sent at one baud rate and received at another arrive as garbage. The device
// end has no rate of its own (undefined = hears any rate): virtual servos look at `peer.baudRate` and
// decide per servo whether they can hear it, as each real servo does.

import { ErrorCodes, PraxisError } from '../../api';
import { Listeners, type Transport } from './transport';

export interface MemoryCable {
  host: MemoryTransport;
  device: MemoryTransport;
  /** Simulate pulling the cable: both ends close with a PORT_CLOSED error. */
  unplug(): void;
}

export class MemoryTransport implements Transport {
  peer: MemoryTransport | undefined;
  private readonly data = new Listeners<[Uint8Array]>();
  private readonly closed = new Listeners<[PraxisError | undefined]>();
  private ended = false;

  constructor(
    readonly description: string,
    public baudRate: number | undefined,
  ) {}

  get isOpen(): boolean {
    return !this.ended;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.ended) throw new PraxisError(ErrorCodes.PORT_CLOSED, `${this.description} is closed.`, 'Reconnect the cable.');
    const peer = this.peer;
    if (!peer || peer.ended) return;
    const copy = mismatched(this.baudRate, peer.baudRate) ? scramble(bytes) : bytes.slice();
    // Deliver asynchronously, as a driver would, so request/response code cannot rely on re-entrancy.
    setImmediate(() => {
      if (!peer.ended) peer.data.emit(copy);
    });
  }

  onData(l: (bytes: Uint8Array) => void) {
    return this.data.add(l);
  }

  onClose(l: (error?: PraxisError) => void) {
    return this.closed.add(l);
  }

  async setBaudRate(baud: number): Promise<void> {
    this.baudRate = baud;
  }

  async close(): Promise<void> {
    this.end(undefined);
  }

  end(error: PraxisError | undefined): void {
    if (this.ended) return;
    this.ended = true;
    this.closed.emit(error);
    this.data.clear();
    this.closed.clear();
  }
}

export function memoryCable(baudRate?: number, label = 'memory'): MemoryCable {
  const host = new MemoryTransport(`${label}:host`, baudRate);
  const device = new MemoryTransport(`${label}:device`, undefined);
  host.peer = device;
  device.peer = host;
  return {
    host,
    device,
    unplug() {
      const err = new PraxisError(ErrorCodes.PORT_CLOSED, 'The cable was unplugged.', 'Plug it back in.');
      host.end(err);
      device.end(err);
    },
  };
}

const mismatched = (a: number | undefined, b: number | undefined) => a !== undefined && b !== undefined && a !== b;

/** What a UART makes of bytes at the wrong rate: framing errors; modelled as a fixed scramble. */
function scramble(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = (bytes[i] * 73 + 41) & 0x7f;
  return out;
}
