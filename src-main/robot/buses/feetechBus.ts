// ServoBus over Feetech STS packets: the driver for SO-100/SO-101 arms.

import { ErrorCodes, PraxisError } from '../../api';
import type { Transport } from '../transports/transport';
import { wireSeconds } from '../transports/transport';
import { type ExchangeTimeout, PacketExchange } from './exchange';
import {
  FEETECH_BROADCAST_ID,
  type FeetechFrame,
  feetechAction,
  feetechFrameSize,
  feetechPing,
  feetechRead,
  feetechSyncRead,
  feetechSyncWrite,
  feetechWrite,
} from './feetech';
import { FeetechParser } from './feetechParser';
import { FEETECH_MODELS, feetechErrorText, STS_CONTROL_TABLE, STS_TICKS_PER_TURN } from './feetechTables';
import { type BusOptions, noStatusError, RegisterBus, type ServoIdentity } from './servoBus';

export class FeetechBus extends RegisterBus {
  readonly protocol = 'feetech' as const;
  readonly controlTable = STS_CONTROL_TABLE;
  readonly ticksPerTurn = STS_TICKS_PER_TURN;
  private readonly exchange: PacketExchange<FeetechFrame>;
  private readonly timeoutMs: number;
  private readonly retries: number;
  /** Response_Status_Level 1 (the default) acknowledges writes; 0 answers only PING and READ. */
  writeAck = true;

  constructor(
    readonly transport: Transport,
    opts: BusOptions = {},
  ) {
    super();
    this.exchange = new PacketExchange(transport, (on) => new FeetechParser(on), opts.echoes);
    this.timeoutMs = opts.timeoutMs ?? 20;
    this.retries = opts.retries ?? 2;
  }

  /** Timeout for a request of `txBytes` answered by `rxBytes`: wire time both ways plus USB latency. */
  private timeout(txBytes: number, rxBytes: number): number {
    return this.timeoutMs + 1000 * wireSeconds(txBytes + rxBytes, this.transport.baudRate);
  }

  private fail(ids: readonly number[]) {
    return (t: ExchangeTimeout) => noStatusError('feetech', ids, t, this.transport.baudRate);
  }

  private status(id: number, paramCount: number) {
    return (f: FeetechFrame) => f.id === id && f.params.length === paramCount;
  }

  private check(f: FeetechFrame): void {
    if (f.code) this.alert({ id: f.id, bits: f.code, text: feetechErrorText(f.code) });
  }

  ping(id: number, retries = this.retries): Promise<ServoIdentity> {
    return this.exchange.run(async () => {
      const packet = feetechPing(id);
      const [f] = await this.withRetries(retries, () => this.exchange.transact(packet, this.status(id, 0), 1, this.timeout(6, 6)), this.fail([id]));
      this.check(f);
      // PING carries no model number on Feetech: read it (address 3, 2 bytes) in the same turn.
      const read = feetechRead(id, this.controlTable.Model_Number.address, 2);
      const [m] = await this.withRetries(retries, () => this.exchange.transact(read, this.status(id, 2), 1, this.timeout(8, 8)), this.fail([id]));
      const model = m.params[0] | (m.params[1] << 8);
      const known = FEETECH_MODELS[model];
      return { id, model, modelName: known?.name ?? `unknown model ${model}` };
    });
  }

  broadcastPing(windowMs = 50): Promise<{ ids: number[]; garbageBytes: number }> {
    return this.exchange.run(async () => {
      const r = await this.exchange.collect(feetechPing(FEETECH_BROADCAST_ID), (f) => f.params.length === 0 && f.id < FEETECH_BROADCAST_ID, windowMs);
      return { ids: [...new Set(r.frames.map((f) => f.id))].sort((a, b) => a - b), garbageBytes: r.garbageBytes };
    });
  }

  readBytes(id: number, address: number, length: number): Promise<Uint8Array> {
    return this.exchange.run(async () => {
      const packet = feetechRead(id, address, length);
      const [f] = await this.withRetries(
        this.retries,
        () => this.exchange.transact(packet, this.status(id, length), 1, this.timeout(packet.length, feetechFrameSize(length))),
        this.fail([id]),
      );
      this.check(f);
      return f.params;
    });
  }

  writeBytes(id: number, address: number, data: Uint8Array, registered = false): Promise<void> {
    return this.exchange.run(async () => {
      const packet = feetechWrite(id, address, data, registered);
      if (id === FEETECH_BROADCAST_ID || !this.writeAck) return this.exchange.send(packet);
      const [f] = await this.withRetries(
        this.retries,
        () => this.exchange.transact(packet, this.status(id, 0), 1, this.timeout(packet.length, 6)),
        this.fail([id]),
      );
      this.check(f);
    });
  }

  /** Trigger every REG_WRITE pending on the bus at once. */
  action(): Promise<void> {
    return this.exchange.run(() => this.exchange.send(feetechAction()));
  }

  /** The joint-state loop sends the same sync read hundreds of times a second: build it once. */
  private readonly syncReads = new Map<string, { packet: Uint8Array; wanted: Set<number> }>();

  private syncReadPacket(address: number, length: number, ids: readonly number[]): Uint8Array {
    return this.syncReadEntry(address, length, ids).packet;
  }

  private syncReadEntry(address: number, length: number, ids: readonly number[]) {
    const key = `${address}:${length}:${ids.join(',')}`;
    let e = this.syncReads.get(key);
    if (!e) {
      if (this.syncReads.size > 16) this.syncReads.clear();
      e = { packet: feetechSyncRead(address, length, ids), wanted: new Set(ids) };
      this.syncReads.set(key, e);
    }
    return e;
  }

  syncReadBytes(ids: readonly number[], address: number, length: number): Promise<Uint8Array> {
    return this.exchange.run(async () => {
      const packet = this.syncReadPacket(address, length, ids);
      const wanted = this.syncReadEntry(address, length, ids).wanted;
      const frames = await this.withRetries(
        this.retries,
        () =>
          this.exchange.transact(
            packet,
            (f) => wanted.has(f.id) && f.params.length === length,
            ids.length,
            this.timeout(packet.length, ids.length * feetechFrameSize(length)),
          ),
        (t) => noStatusError('feetech', ids, t, this.transport.baudRate),
      );
      const rows = new Uint8Array(ids.length * length);
      for (const f of frames) {
        this.check(f);
        rows.set(f.params, ids.indexOf(f.id) * length);
      }
      return rows;
    });
  }

  syncWriteBytes(ids: readonly number[], address: number, length: number, data: Uint8Array): Promise<void> {
    if (data.length !== ids.length * length) {
      return Promise.reject(
        new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Sync write needs ${ids.length * length} bytes, got ${data.length}.`, 'Pass one value per servo.'),
      );
    }
    return this.exchange.run(() => this.exchange.send(feetechSyncWrite(address, length, ids, data)));
  }

  async close(): Promise<void> {
    this.exchange.close();
    await this.transport.close();
  }
}
