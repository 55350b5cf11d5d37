// Bus tools: find every servo (IDs × baud rates), spot duplicate IDs, change an ID or a baud rate safely.

import { ErrorCodes, PraxisError, isPraxisError } from '../../api';
import type { Transport } from '../transports/transport';
import { createServoBus } from './createBus';
import { X_BAUD_RATES } from './dynamixelTables';
import { STS_BAUD_RATES } from './feetechTables';
import type { BusProtocol, ServoBus, ServoIdentity } from './servoBus';

export interface FoundServo extends ServoIdentity {
  baudRate: number;
  /** Replies to reads came back garbled: probably two servos share this ID. */
  suspectedDuplicate: boolean;
}

export interface ScanOptions {
  protocol: BusProtocol;
  baudRates?: readonly number[];
  ids?: readonly number[];
  /** Per-ping timeout beyond wire time, ms. */
  timeoutMs?: number;
  onProgress?: (done: number, total: number, found: FoundServo[]) => void;
  signal?: AbortSignal;
}

export const defaultScanBauds = (protocol: BusProtocol): number[] =>
  protocol === 'dynamixel' ? [1_000_000, 57_600, 115_200, 2_000_000, 3_000_000, 4_000_000, 9_600] : Object.values(STS_BAUD_RATES);

export function baudCode(protocol: BusProtocol, baud: number): number {
  const table = protocol === 'dynamixel' ? X_BAUD_RATES : STS_BAUD_RATES;
  const hit = Object.entries(table).find(([, b]) => b === baud);
  if (!hit)
    throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `${protocol} servos cannot run at ${baud} baud.`, `Pick one of: ${Object.values(table).join(', ')}.`, {
      baud,
    });
  return Number(hit[0]);
}

/** "1-6", "1,3,5", "1-3,7" → [1,2,3,…]. */
export function parseIdList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `"${part}" is not an ID or an ID range.`, 'Write IDs like 1-6 or 1,2,5.');
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (a > 253 || b > 253 || b < a) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `ID range "${part}" is outside 0–253.`, 'Servo IDs run from 0 to 253.');
    for (let i = a; i <= b; i++) out.push(i);
  }
  return out;
}

/**
 * Find servos on one open transport. At each baud rate a broadcast ping first asks "anyone here?". Clean
 * answers name the servos; garbled bytes (two servos on one ID collide) make every ID get pinged one by
 * one. Each responder is then pinged with a retry, its model read, and read twice more to catch shared
 * IDs. A silent baud rate costs one broadcast window.
 */
export async function scanBus(transport: Transport, opts: ScanOptions): Promise<FoundServo[]> {
  const bauds = opts.baudRates ?? defaultScanBauds(opts.protocol);
  const ids = opts.ids ?? Array.from({ length: 253 }, (_, i) => i);
  const bus = createServoBus(opts.protocol, transport, { timeoutMs: opts.timeoutMs ?? 20, retries: 1 });
  const found: FoundServo[] = [];
  const total = bauds.length * ids.length;
  let done = 0;
  for (const baud of bauds) {
    await transport.setBaudRate(baud);
    const heard = await bus.broadcastPing(Math.max(50, (opts.timeoutMs ?? 20) * 2));
    if (!heard.ids.length && heard.garbageBytes === 0) {
      done += ids.length;
      opts.onProgress?.(done, total, found);
      continue;
    }
    // Clean replies and no noise: the broadcast already named everyone. Noise: check every ID.
    const todo = heard.garbageBytes === 0 ? ids.filter((id) => heard.ids.includes(id)) : ids;
    done += ids.length - todo.length;
    for (const id of todo) {
      if (opts.signal?.aborted) throw new PraxisError(ErrorCodes.CANCELLED, 'Bus scan cancelled.', 'Start it again when ready.');
      done++;
      try {
        const who = await bus.ping(id, heard.ids.includes(id) ? 2 : 1);
        found.push({ ...who, baudRate: baud, suspectedDuplicate: await garbledReads(bus, id) });
      } catch (e) {
        if (isPraxisError(e) && e.code === ErrorCodes.CHECKSUM) {
          // A garbled answer to a ping is itself a sign of two servos on one ID (or line noise).
          found.push({ id, model: 0, modelName: 'unreadable (collision?)', baudRate: baud, suspectedDuplicate: true });
        } else if (!isPraxisError(e) || e.code !== ErrorCodes.NO_STATUS_PACKET) throw e;
      }
      opts.onProgress?.(done, total, found);
    }
  }
  return found;
}

/**
 * Two servos on one ID answer together and their bytes collide: reads come back corrupt (CHECKSUM).
 * A read that merely times out is not that evidence (a busy host can miss a deadline), so it is retried.
 */
async function garbledReads(bus: ServoBus, id: number): Promise<boolean> {
  let ok = 0;
  for (let i = 0; i < 5 && ok < 2; i++) {
    try {
      await bus.read(id, 'Present_Position');
      ok++;
    } catch (e) {
      if (isPraxisError(e) && e.code === ErrorCodes.CHECKSUM) return true;
      if (!isPraxisError(e) || e.code !== ErrorCodes.NO_STATUS_PACKET) throw e;
    }
  }
  return false;
}

/** Change a servo's ID, refusing if the new ID is taken, then prove it by pinging the new ID. */
export async function changeServoId(bus: ServoBus, from: number, to: number): Promise<ServoIdentity> {
  if (to < 0 || to > 252) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `ID ${to} is out of range.`, 'Use an ID from 0 to 252.');
  await bus.ping(from);
  const taken = await bus.ping(to, 0).then(
    () => true,
    () => false,
  );
  if (taken)
    throw new PraxisError(ErrorCodes.DUPLICATE_ID, `ID ${to} is already used by another servo on this bus.`, 'Pick a free ID (see `praxis bus scan`), or connect the servos one at a time.', {
      id: to,
    });
  await bus.write(from, 'Torque_Enable', 0);
  if (bus.protocol === 'feetech') await bus.write(from, 'Lock', 0);
  // The acknowledgement may come from the old or the new ID depending on firmware: verify instead.
  await bus.write(from, 'ID', to).catch((e) => {
    if (!isPraxisError(e) || e.code !== ErrorCodes.NO_STATUS_PACKET) throw e;
  });
  const who = await bus.ping(to);
  if (bus.protocol === 'feetech') await bus.write(to, 'Lock', 1);
  return who;
}

/** Change a servo's baud rate; the transport follows so the servo can be verified at its new rate. */
export async function changeServoBaud(bus: ServoBus, id: number, baud: number): Promise<ServoIdentity> {
  const code = baudCode(bus.protocol, baud);
  await bus.write(id, 'Torque_Enable', 0);
  if (bus.protocol === 'feetech') await bus.write(id, 'Lock', 0);
  await bus.write(id, 'Baud_Rate', code).catch((e) => {
    if (!isPraxisError(e) || (e.code !== ErrorCodes.NO_STATUS_PACKET && e.code !== ErrorCodes.CHECKSUM)) throw e;
  });
  await bus.transport.setBaudRate(baud);
  const who = await bus.ping(id);
  if (bus.protocol === 'feetech') await bus.write(id, 'Lock', 1);
  return who;
}
