// ServoBus over Dynamixel Protocol 2.0: the driver for Koch-style arms (XL330 / XL430).

import { ErrorCodes, PraxisError } from '../../api';
import type { Transport } from '../transports/transport';
import { wireSeconds } from '../transports/transport';
import {
  type BulkReadItem,
  type BulkWriteItem,
  DYNAMIXEL_ALERT_BIT,
  DYNAMIXEL_BROADCAST_ID,
  type DynamixelFrame,
  DynamixelInstruction,
  dynamixelAction,
  dynamixelBulkRead,
  dynamixelBulkWrite,
  dynamixelErrorText,
  dynamixelFastSyncSplit,
  dynamixelPing,
  dynamixelRead,
  dynamixelSyncRead,
  dynamixelSyncWrite,
  dynamixelWrite,
} from './dynamixel';
import { DynamixelParser } from './dynamixelParser';
import { DYNAMIXEL_MODELS, X_CONTROL_TABLE, X_TICKS_PER_TURN } from './dynamixelTables';
import { type ExchangeTimeout, PacketExchange } from './exchange';
import { type BusOptions, noStatusError, RegisterBus, type ServoIdentity } from './servoBus';

export interface DynamixelBusOptions extends BusOptions {
  /** Use FAST_SYNC_READ (one status packet for all servos; firmware ≥ 45 on X series). */
  fastSyncRead?: boolean;
}

export class DynamixelBus extends RegisterBus {
  readonly protocol = 'dynamixel' as const;
  readonly controlTable = X_CONTROL_TABLE;
  readonly ticksPerTurn = X_TICKS_PER_TURN;
  private readonly exchange: PacketExchange<DynamixelFrame>;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly fast: boolean;

  constructor(
    readonly transport: Transport,
    opts: DynamixelBusOptions = {},
  ) {
    super();
    this.exchange = new PacketExchange(transport, (on) => new DynamixelParser(on), opts.echoes);
    this.timeoutMs = opts.timeoutMs ?? 20;
    this.retries = opts.retries ?? 2;
    this.fast = opts.fastSyncRead ?? false;
  }

  private timeout(txBytes: number, rxBytes: number): number {
    return this.timeoutMs + 1000 * wireSeconds(txBytes + rxBytes, this.transport.baudRate);
  }

  private fail(ids: readonly number[]) {
    return (t: ExchangeTimeout) => noStatusError('dynamixel', ids, t, this.transport.baudRate);
  }

  private status(id: number) {
    return (f: DynamixelFrame) => f.id === id && f.instruction === DynamixelInstruction.STATUS && f.params.length >= 1;
  }

  /** Result errors fail the request; the alert bit only reports a hardware condition. */
  private check(id: number, error: number): void {
    if (error & 0x7f) {
      throw new PraxisError(ErrorCodes.SERVO_ERROR, `Servo ${id} refused the request: ${dynamixelErrorText(error & 0x7f)}.`, servoErrorHint(error & 0x7f), {
        id,
        error,
      });
    }
    if (error & DYNAMIXEL_ALERT_BIT) this.alert({ id, bits: error, text: dynamixelErrorText(DYNAMIXEL_ALERT_BIT) });
  }

  ping(id: number, retries = this.retries): Promise<ServoIdentity> {
    return this.exchange.run(async () => {
      const [f] = await this.withRetries(retries, () => this.exchange.transact(dynamixelPing(id), this.status(id), 1, this.timeout(10, 14)), this.fail([id]));
      this.check(id, f.params[0]);
      const model = f.params[1] | (f.params[2] << 8);
      return { id, model, modelName: DYNAMIXEL_MODELS[model]?.name ?? `unknown model ${model}`, firmware: f.params[3] };
    });
  }

  broadcastPing(windowMs = 50): Promise<{ ids: number[]; garbageBytes: number }> {
    return this.exchange.run(async () => {
      const r = await this.exchange.collect(
        dynamixelPing(DYNAMIXEL_BROADCAST_ID),
        (f) => f.instruction === DynamixelInstruction.STATUS && f.params.length === 4 && f.id < DYNAMIXEL_BROADCAST_ID,
        windowMs,
      );
      return { ids: [...new Set(r.frames.map((f) => f.id))].sort((a, b) => a - b), garbageBytes: r.garbageBytes };
    });
  }

  readBytes(id: number, address: number, length: number): Promise<Uint8Array> {
    return this.exchange.run(async () => {
      const packet = dynamixelRead(id, address, length);
      const [f] = await this.withRetries(
        this.retries,
        () => this.exchange.transact(packet, (x) => this.status(id)(x) && (x.params.length === length + 1 || (x.params[0] & 0x7f) !== 0), 1, this.timeout(packet.length, 11 + length)),
        this.fail([id]),
      );
      this.check(id, f.params[0]);
      return f.params.subarray(1);
    });
  }

  writeBytes(id: number, address: number, data: Uint8Array, registered = false): Promise<void> {
    return this.exchange.run(async () => {
      const packet = dynamixelWrite(id, address, data, registered);
      if (id === DYNAMIXEL_BROADCAST_ID) return this.exchange.send(packet);
      const [f] = await this.withRetries(this.retries, () => this.exchange.transact(packet, this.status(id), 1, this.timeout(packet.length, 11)), this.fail([id]));
      this.check(id, f.params[0]);
    });
  }

  action(): Promise<void> {
    return this.exchange.run(() => this.exchange.send(dynamixelAction()));
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
      e = { packet: dynamixelSyncRead(address, length, ids, this.fast), wanted: new Set(ids) };
      this.syncReads.set(key, e);
    }
    return e;
  }

  syncReadBytes(ids: readonly number[], address: number, length: number): Promise<Uint8Array> {
    return this.exchange.run(async () => {
      const packet = this.syncReadPacket(address, length, ids);
      const rows = new Uint8Array(ids.length * length);
      const rx = ids.length * (11 + length);
      if (this.fast) {
        const [f] = await this.withRetries(
          this.retries,
          () => this.exchange.transact(packet, (x) => x.id === DYNAMIXEL_BROADCAST_ID && x.instruction === DynamixelInstruction.STATUS, 1, this.timeout(packet.length, rx)),
          this.fail(ids),
        );
        const parts = dynamixelFastSyncSplit(f.params, length);
        if (!parts) throw new PraxisError(ErrorCodes.CHECKSUM, 'Malformed FAST_SYNC_READ reply.', 'Turn off fast sync read for this bus.');
        for (const p of parts) {
          const i = ids.indexOf(p.id);
          if (i < 0) continue;
          this.check(p.id, p.error);
          rows.set(p.data, i * length);
        }
        return rows;
      }
      const wanted = this.syncReadEntry(address, length, ids).wanted;
      const frames = await this.withRetries(
        this.retries,
        () =>
          this.exchange.transact(
            packet,
            (x) => wanted.has(x.id) && x.instruction === DynamixelInstruction.STATUS && x.params.length === length + 1,
            ids.length,
            this.timeout(packet.length, rx),
          ),
        this.fail(ids),
      );
      for (const f of frames) {
        this.check(f.id, f.params[0]);
        rows.set(f.params.subarray(1), ids.indexOf(f.id) * length);
      }
      return rows;
    });
  }

  /**
   * BULK_READ: a different register range from each servo in one transaction (e.g. position from the
   * arm joints and current from the gripper). With `fast`, FAST_BULK_READ: one status packet for all.
   * Returns one byte array per item, in order.
   */
  bulkRead(items: readonly BulkReadItem[], fast = false): Promise<Uint8Array[]> {
    return this.exchange.run(async () => {
      const packet = dynamixelBulkRead(items, fast);
      const ids = items.map((i) => i.id);
      const rx = items.reduce((n, i) => n + 11 + i.length, 0);
      if (fast) {
        const [f] = await this.withRetries(
          this.retries,
          () => this.exchange.transact(packet, (x) => x.id === DYNAMIXEL_BROADCAST_ID && x.instruction === DynamixelInstruction.STATUS, 1, this.timeout(packet.length, rx)),
          this.fail(ids),
        );
        // ERR ID DATA CRC per servo, lengths as requested; the last CRC is the packet's (already stripped).
        const out: Uint8Array[] = [];
        let at = 0;
        for (const it of items) {
          if (at + 2 + it.length > f.params.length || f.params[at + 1] !== it.id)
            throw new PraxisError(ErrorCodes.CHECKSUM, 'Malformed FAST_BULK_READ reply.', 'Use the plain bulk read for this bus.');
          this.check(it.id, f.params[at]);
          out.push(f.params.slice(at + 2, at + 2 + it.length));
          at += 4 + it.length;
        }
        return out;
      }
      const frames = await this.withRetries(
        this.retries,
        () =>
          this.exchange.transact(
            packet,
            (x) => x.instruction === DynamixelInstruction.STATUS && items.some((i) => i.id === x.id && x.params.length === i.length + 1),
            items.length,
            this.timeout(packet.length, rx),
          ),
        this.fail(ids),
      );
      return items.map((it) => {
        const f = frames.find((x) => x.id === it.id) as DynamixelFrame;
        this.check(it.id, f.params[0]);
        return f.params.slice(1);
      });
    });
  }

  /** BULK_WRITE: a different register range to each servo in one packet (no reply). */
  bulkWrite(items: readonly BulkWriteItem[]): Promise<void> {
    return this.exchange.run(() => this.exchange.send(dynamixelBulkWrite(items)));
  }

  syncWriteBytes(ids: readonly number[], address: number, length: number, data: Uint8Array): Promise<void> {
    if (data.length !== ids.length * length) {
      return Promise.reject(
        new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Sync write needs ${ids.length * length} bytes, got ${data.length}.`, 'Pass one value per servo.'),
      );
    }
    return this.exchange.run(() => this.exchange.send(dynamixelSyncWrite(address, length, ids, data)));
  }

  async close(): Promise<void> {
    this.exchange.close();
    await this.transport.close();
  }
}

function servoErrorHint(result: number): string {
  switch (result) {
    case 7:
      return 'Turn torque off (Torque_Enable = 0) before writing EEPROM registers such as ID, baud rate, limits or homing offset.';
    case 6:
      return 'The value is outside the servo’s limits (e.g. a goal beyond Min/Max_Position_Limit): clamp it or widen the limits.';
    case 3:
      return 'The packet was corrupted on the wire: check the cable and grounding.';
    default:
      return 'Check the register address and length against the servo’s control table.';
  }
}
