// The virtual servos' own thread: it owns the serial device, sleeps in a blocking read until a request
// arrives, answers it from the joint snapshot and writes the status packet itself. Nothing on the physics
// thread (a physics step, a GC pause, a busy event loop) stands between a request and its reply, and one
// thread wake-up per request replaces serialport's poll → thread-pool read → event-loop hops.
//
// Writes that move the arm (Goal_Position, Torque_Enable) go back to the physics thread as messages, in
// the order they arrived on the wire. See responder-thread.ts for the physics side.

import { closeSync, existsSync, readSync, writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { DynamixelResponder } from './dynamixelResponder';
import { FeetechResponder, type VirtualServoSpec } from './feetechResponder';
import { type JointCommand, JointSnapshot, Signal, SnapshotJointSource } from './joint-snapshot';
import { KinematicJointSource } from './jointSource';
import type { ServoResponder } from './responder';
import { ownPtyClose, ownPtyOpen } from './own-pty';
import { ttyLineConfigure, ttyLineOpen } from './tty-line';
import { warmUp } from './warm-up';
import { repliesJoin, WireClock } from './wire-clock';

export interface ResponderWorkerData {
  /** The device to serve on, or null to open a pty of our own (own-pty.ts) and serve on its master. */
  path: string | null;
  protocol: 'feetech' | 'dynamixel';
  baudRate: number;
  specs: VirtualServoSpec[];
  /** The joint snapshot's buffer, or 'kinematic' to move joints here without physics. */
  snapshot: SharedArrayBuffer | 'kinematic';
  jointCount: number;
  signals: Int32Array;
  readTimeoutDs: number;
}

export type ResponderWorkerMessage =
  | JointCommand
  | { kind: 'ready'; clientPath: string }
  | { kind: 'wake' }
  | { kind: 'closed' }
  | { kind: 'reopened' }
  | { kind: 'failed'; message: string };

const REOPEN_POLL_MS = 500;
const now = () => performance.now() / 1000;

function run(data: ResponderWorkerData): void {
  const port = parentPort;
  if (!port) return;
  const post = (m: ResponderWorkerMessage) => port.postMessage(m);
  const { signals } = data;
  const source =
    data.snapshot === 'kinematic'
      ? new KinematicJointSource(data.jointCount)
      : new SnapshotJointSource(new JointSnapshot(data.jointCount, data.snapshot), post);
  const responder = (
    data.protocol === 'dynamixel' ? new DynamixelResponder(data.specs, source) : new FeetechResponder(data.specs, source)
  ) as ServoResponder<unknown> & (FeetechResponder | DynamixelResponder);
  warmUp(responder, data.baudRate);
  const wire = new WireClock();
  // Opened here, not by the physics thread: a thread closes only what it opened (Node warns otherwise).
  const own = data.path === null ? ownPtyOpen(data.baudRate) : null;
  let fd = own ? own.masterFd : ttyLineOpen(data.path as string);

  /** Until `due` (seconds): sleep in the kernel for the long part, spin the last ~0.2 ms for precision. */
  const waitUntil = (due: number) => {
    let left = due - now();
    if (left > 2e-4) Atomics.wait(signals, Signal.PAUSE, 0, (left - 2e-4) * 1000);
    do left = due - now();
    while (left > 0);
  };

  const parser = responder.makeParser((frame) => {
    const replies = responder.respond(frame, data.baudRate);
    if (!replies.length) return;
    const bytes = repliesJoin(replies);
    waitUntil(wire.replyDue(now(), bytes.length, data.baudRate, responder.returnDelaySeconds()));
    try {
      writeSync(fd, bytes);
    } catch {
      // The device went away mid-reply; the read below sees the hang-up.
    }
  });

  const chunk = Buffer.alloc(4096);
  post({ kind: 'ready', clientPath: own ? own.slavePath : (data.path as string) });
  while (Atomics.load(signals, Signal.STOP) === 0) {
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN' || (e as NodeJS.ErrnoException).code === 'EINTR') continue;
      // EIO: the other end of the pty (socat) went away, as when a USB adapter is pulled. (Our own pty
      // cannot hang up: we hold its slave open.)
      if (own) throw e;
      try {
        closeSync(fd);
      } catch {}
      post({ kind: 'closed' });
      const back = reopen({ ...data, path: data.path as string }, signals);
      if (back === null) return;
      fd = back;
      parser.reset();
      post({ kind: 'reopened' });
      continue;
    }
    if (n === 0) continue; // the read timed out: only a chance to see STOP
    if (Atomics.load(signals, Signal.STOP) !== 0) break; // the stop poke on our own pty
    // Count first, then look at SLEEPING: the physics side raises SLEEPING and then re-reads HEARD, so
    // one of the two always sees the other (no request is lost between "going to sleep" and "asleep").
    Atomics.add(signals, Signal.HEARD, 1);
    if (Atomics.compareExchange(signals, Signal.SLEEPING, 1, 0) === 1) post({ kind: 'wake' });
    wire.heard(n, now(), parser.pending === 0);
    parser.push(chunk.subarray(0, n));
  }
  if (own) ownPtyClose(own);
  else
    try {
      closeSync(fd);
    } catch {}
}

/** Waits for the device to come back (socat restarted) and opens it again; null when told to stop. */
function reopen(data: ResponderWorkerData & { path: string }, signals: Int32Array): number | null {
  while (Atomics.load(signals, Signal.STOP) === 0) {
    // Sleeps on STOP itself, so a stop request ends the wait at once.
    Atomics.wait(signals, Signal.STOP, 0, REOPEN_POLL_MS);
    if (!existsSync(data.path)) continue;
    try {
      const fd = ttyLineOpen(data.path);
      if (ttyLineConfigure(data.path, data.baudRate, data.readTimeoutDs) === null) return fd;
      closeSync(fd);
    } catch {
      // Not there yet.
    }
  }
  return null;
}

if (parentPort && (workerData as { kind?: string } | null)?.kind === 'servo-responder') {
  try {
    run(workerData as ResponderWorkerData);
  } catch (e) {
    parentPort.postMessage({ kind: 'failed', message: e instanceof Error ? e.message : String(e) } satisfies ResponderWorkerMessage);
  }
}
