// The bus interface profiles compose, and the register-name layer both bus families share.
// Values here are raw register numbers (ticks for positions); radians begin in jointMapping.ts.

import { ErrorCodes, PraxisError } from '../../api';
import type { Transport } from '../transports/transport';
import { type ControlTable, readLE, type Register, registerDecode, registerEncode, registerLookup, writeLE } from './controlTable';
import { ExchangeTimeout } from './exchange';

export type BusProtocol = 'feetech' | 'dynamixel';

export interface ServoIdentity {
  id: number;
  model: number;
  /** "STS3215", "XL330-M288", or "unknown model N". */
  modelName: string;
  firmware?: number;
}

/** A servo reporting a hardware condition (overload, overheating…) in an otherwise good reply. */
export interface ServoAlert {
  id: number;
  bits: number;
  text: string;
}

export interface BusOptions {
  /** Extra time allowed beyond the wire time, for USB latency (FTDI defaults to 16 ms). */
  timeoutMs?: number;
  /** Retries after a timeout or a corrupt reply; reads and absolute writes are idempotent. */
  retries?: number;
  /** Adapter echoes our own bytes (single-wire half-duplex without direction control). */
  echoes?: boolean;
}

export interface ServoBus {
  readonly protocol: BusProtocol;
  readonly controlTable: ControlTable;
  readonly ticksPerTurn: number;
  readonly transport: Transport;
  ping(id: number, retries?: number): Promise<ServoIdentity>;
  /** Ping every servo at once; returns the IDs that answered and bytes that formed no packet. */
  broadcastPing(windowMs?: number): Promise<{ ids: number[]; garbageBytes: number }>;
  readBytes(id: number, address: number, length: number): Promise<Uint8Array>;
  writeBytes(id: number, address: number, data: Uint8Array): Promise<void>;
  /** Read `length` bytes at `address` from every id in one transaction; row i belongs to ids[i]. */
  syncReadBytes(ids: readonly number[], address: number, length: number): Promise<Uint8Array>;
  syncWriteBytes(ids: readonly number[], address: number, length: number, data: Uint8Array): Promise<void>;
  read(id: number, register: string): Promise<number>;
  write(id: number, register: string, value: number): Promise<void>;
  syncRead(ids: readonly number[], register: string, out?: Float64Array): Promise<Float64Array>;
  syncWrite(ids: readonly number[], register: string, values: ArrayLike<number>): Promise<void>;
  onAlert(listener: (alert: ServoAlert) => void): () => void;
  close(): Promise<void>;
}

/** Register-name operations over the byte-level ones each protocol implements. */
export abstract class RegisterBus implements ServoBus {
  abstract readonly protocol: BusProtocol;
  abstract readonly controlTable: ControlTable;
  abstract readonly ticksPerTurn: number;
  abstract readonly transport: Transport;
  abstract ping(id: number, retries?: number): Promise<ServoIdentity>;
  abstract broadcastPing(windowMs?: number): Promise<{ ids: number[]; garbageBytes: number }>;
  abstract readBytes(id: number, address: number, length: number): Promise<Uint8Array>;
  abstract writeBytes(id: number, address: number, data: Uint8Array): Promise<void>;
  abstract syncReadBytes(ids: readonly number[], address: number, length: number): Promise<Uint8Array>;
  abstract syncWriteBytes(ids: readonly number[], address: number, length: number, data: Uint8Array): Promise<void>;
  abstract close(): Promise<void>;
  private readonly alertListeners = new Set<(a: ServoAlert) => void>();

  register(name: string): Register {
    return registerLookup(this.controlTable, name, `The ${this.protocol} control table`);
  }

  async read(id: number, name: string): Promise<number> {
    const r = this.register(name);
    const bytes = await this.readBytes(id, r.address, r.size);
    return registerDecode(r, readLE(bytes, 0, r.size));
  }

  async write(id: number, name: string, value: number): Promise<void> {
    const r = this.register(name);
    const bytes = new Uint8Array(r.size);
    writeLE(bytes, 0, r.size, registerEncode(r, value, name));
    await this.writeBytes(id, r.address, bytes);
  }

  async syncRead(ids: readonly number[], name: string, out = new Float64Array(ids.length)): Promise<Float64Array> {
    const r = this.register(name);
    const rows = await this.syncReadBytes(ids, r.address, r.size);
    for (let i = 0; i < ids.length; i++) out[i] = registerDecode(r, readLE(rows, i * r.size, r.size));
    return out;
  }

  async syncWrite(ids: readonly number[], name: string, values: ArrayLike<number>): Promise<void> {
    const r = this.register(name);
    const data = new Uint8Array(ids.length * r.size);
    for (let i = 0; i < ids.length; i++) writeLE(data, i * r.size, r.size, registerEncode(r, values[i], name));
    await this.syncWriteBytes(ids, r.address, r.size, data);
  }

  onAlert(listener: (a: ServoAlert) => void): () => void {
    this.alertListeners.add(listener);
    return () => this.alertListeners.delete(listener);
  }

  protected alert(a: ServoAlert): void {
    for (const l of this.alertListeners) l(a);
  }

  /** Run `attempt` with bounded retries on timeouts; other errors pass straight through. */
  protected async withRetries<T>(retries: number, attempt: () => Promise<T>, explain: (t: ExchangeTimeout) => PraxisError): Promise<T> {
    let last: ExchangeTimeout | undefined;
    for (let i = 0; i <= retries; i++) {
      try {
        return await attempt();
      } catch (e) {
        if (!(e instanceof ExchangeTimeout)) throw e;
        last = e;
      }
    }
    throw explain(last as ExchangeTimeout);
  }
}

/** The error a user meets most: the servo did not answer. Say what to check, in order of likelihood. */
export function noStatusError(protocol: BusProtocol, ids: readonly number[], t: ExchangeTimeout, baudRate: number | undefined): PraxisError {
  const who = ids.length === 1 ? `servo ${ids[0]}` : `servos ${ids.join(', ')}`;
  if (t.garbageBytes > 0 && t.received === 0) {
    return new PraxisError(
      ErrorCodes.CHECKSUM,
      `Corrupt reply from ${who}: ${t.garbageBytes} bytes that never formed a valid ${protocol} packet.`,
      'Usually a baud-rate mismatch, two servos sharing one ID, or a loose data wire. Run `praxis bus scan` to find each servo’s ID and baud rate.',
      { ids: [...ids], garbageBytes: t.garbageBytes, baudRate },
    );
  }
  return new PraxisError(
    ErrorCodes.NO_STATUS_PACKET,
    `No status packet from ${who}${t.received ? ` (${t.received} of ${t.expected} replied)` : ''} at ${baudRate ?? '?'} baud.`,
    'Check in order: servo power (the bus needs its own 5–12 V supply, USB alone is not enough), the daisy-chain cable, the ID and baud rate (`praxis bus scan`), and that the port is the servo board, not another device.',
    { ids: [...ids], received: t.received, expected: t.expected, baudRate },
  );
}
