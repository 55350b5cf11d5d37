// A client that talks to servos the way the vendors' SDKs do (dynamixel_sdk, scservo_sdk over pyserial):
// write one instruction packet, read until its status packet is complete, give up after a deadline
// (theirs is ~34 ms), next. Synchronous, on a blocking descriptor: one thread wake-up per reply, like
// pyserial's select + read, so the figures are the servo side's and not an event loop's.

import { closeSync, readSync, writeSync } from 'node:fs';
import { DynamixelInstruction, DynamixelParser, dynamixelPacket, FeetechParser, feetechPing, feetechRead } from '../src-main/robot/buses';
import { ttyLineConfigure, ttyLineOpen } from '../src-main/sim/servo-bus/tty-line';

export type ServoProtocol = 'feetech' | 'dynamixel';

export interface DeadlineFigures {
  requests: number;
  p50: number;
  p99: number;
  max: number;
  /** Replies later than the deadline: an SDK would have reported "no status packet". */
  late: number;
  /** Requests not answered within the give-up time (250 ms by default): late as well, and their latency unknown. */
  lost: number;
}

/** Pings and Present_Position reads, cycling through the IDs: what an SDK's scan and read loop sends. */
function requestFor(protocol: ServoProtocol, i: number, ids: readonly number[]): Uint8Array {
  const id = ids[i % ids.length];
  const ping = (i >> 1) % 2 === 0;
  if (protocol === 'feetech') return ping ? feetechPing(id) : feetechRead(id, 56, 2);
  return ping ? dynamixelPacket(id, DynamixelInstruction.PING) : dynamixelPacket(id, DynamixelInstruction.READ, [132, 0, 4, 0]);
}

/**
 * Sends `count` requests one after the other on the device at `path`, each waiting for its status
 * packet. Latency runs from just before the write to the parsed reply. A reply later than `deadlineMs`
 * counts as late (its latency still counts); none within `giveUpMs` counts as lost.
 */
export function measureDeadline(
  path: string,
  protocol: ServoProtocol,
  opts: { count: number; deadlineMs?: number; giveUpMs?: number; ids?: readonly number[]; baudRate?: number },
): DeadlineFigures {
  const deadlineMs = opts.deadlineMs ?? 30;
  // Far past any SDK's patience; it bounds the run when a sim falls badly behind.
  const giveUpMs = opts.giveUpMs ?? 250;
  const ids = opts.ids ?? [1, 2, 3, 4, 5, 6];
  const trouble = ttyLineConfigure(path, opts.baudRate ?? 1_000_000, 1);
  if (trouble) throw new Error(trouble);
  const fd = ttyLineOpen(path);
  let repliedBy = -1;
  const onFrame = (frame: { id: number }) => {
    repliedBy = frame.id;
  };
  const parser = protocol === 'feetech' ? new FeetechParser(onFrame) : new DynamixelParser(onFrame);
  const chunk = Buffer.alloc(1024);
  const latencies = new Float64Array(opts.count);
  let answered = 0;
  let late = 0;
  let lost = 0;
  try {
    for (let i = 0; i < opts.count; i++) {
      const id = ids[i % ids.length];
      const request = requestFor(protocol, i, ids);
      repliedBy = -1;
      const t0 = performance.now();
      writeSync(fd, request);
      let ms = 0;
      while (repliedBy !== id) {
        const n = readSync(fd, chunk, 0, chunk.length, null); // returns empty after 0.1 s of silence
        if (n > 0) parser.push(chunk.subarray(0, n));
        ms = performance.now() - t0;
        if (repliedBy !== id && ms > giveUpMs) break;
      }
      if (repliedBy !== id) {
        lost++;
        parser.reset();
        continue;
      }
      latencies[answered++] = ms;
      if (ms > deadlineMs) late++;
    }
  } finally {
    closeSync(fd);
  }
  const sorted = latencies.subarray(0, answered).sort();
  const q = (p: number) => (answered ? sorted[Math.min(answered - 1, Math.floor(p * answered))] : Number.NaN);
  return { requests: opts.count, p50: q(0.5), p99: q(0.99), max: answered ? sorted[answered - 1] : Number.NaN, late, lost };
}

/** CPU a process used over `seconds` (user + system, from /proc), as % of one core; null off Linux. */
export async function processCpuPercent(pid: number, seconds: number): Promise<number | null> {
  const { readFileSync } = await import('node:fs');
  const { spawnSync } = await import('node:child_process');
  const ticks = () => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state is field 3, so utime (14) and stime (15) are the 12th and 13th.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(rest[11]) + Number(rest[12]);
  };
  if (process.platform !== 'linux') return null;
  const hz = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
  const t0 = performance.now();
  const before = ticks();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const used = (ticks() - before) / hz;
  return (100 * used) / ((performance.now() - t0) / 1000);
}
