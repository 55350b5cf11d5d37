// Serve virtual servos on a serial device from their own thread (responder-worker.ts), so a request is
// answered from the latest joint snapshot at once, whatever the physics thread is doing. This side owns
// the physics: it publishes snapshots, carries out the servos' writes in wire order, and hears when a
// client talks (to let an idle sim sleep, and to wake it on the first byte).
//
// Measured (bench/serial.bench.ts): the old in-event-loop path lost most of its time in serialport's
// poll → thread-pool read → event-loop hops, each one a chance to wait behind other processes on a busy
// machine; the physics step itself and the reply took well under a millisecond.

import { closeSync, constants, existsSync, openSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ErrorCodes, PraxisError } from '../../api';
import { openSerialTransport } from '../../robot/transports';
import type { VirtualServoSpec } from './feetechResponder';
import { jointCommandApply, JointSnapshot, Signal, signalsCreate } from './joint-snapshot';
import type { JointSource } from './jointSource';
import type { ResponderWorkerData, ResponderWorkerMessage } from './responder-worker';
import { armServoSpecs, type SimProtocol } from './serve';
import { ttyLineConfigure } from './tty-line';

export interface ThreadServeOptions {
  baudRate?: number;
  specs?: VirtualServoSpec[];
  /** How long one blocking read may sleep before the thread looks for a stop request, tenths of a second. */
  readTimeoutDs?: number;
}

export type ServedThreadEvent = 'closed' | 'reopened';

export interface ThreadServedArm {
  /** The device clients open: `path`, or the slave of the sim's own pty. */
  readonly clientPath: string;
  /** Publish the physics' present joint positions (radians) for the servos to report. */
  publish(positions: ArrayLike<number>, t?: number): void;
  /** Request chunks heard so far; a change means a client is talking. */
  heard(): number;
  /**
   * Mark the physics asleep; the responder wakes it (`onWake`) at the next byte. Returns false, and
   * stays awake, if a request arrived since `heardBefore` (so none is missed while falling asleep).
   */
  sleep(heardBefore: number): boolean;
  onWake(listener: () => void): void;
  onEvent(listener: (event: ServedThreadEvent) => void): void;
  close(): Promise<void>;
}

function ptyPoke(slavePath: string): void {
  try {
    const fd = openSync(slavePath, constants.O_WRONLY | constants.O_NOCTTY);
    writeSync(fd, new Uint8Array([0]));
    closeSync(fd);
  } catch {
    // The pty is already gone, and the thread with it.
  }
}

function workerStart(workerData: ResponderWorkerData & { kind: 'servo-responder' }): Worker {
  const here = dirname(fileURLToPath(import.meta.url));
  const ts = join(here, 'responder-worker.ts');
  if (fileURLToPath(import.meta.url).endsWith('.ts') && existsSync(ts)) {
    // From source (tests, the CLI under tsx) the worker is TypeScript: register tsx's loader inside it
    // first (Node 20 does not pass --import on to workers), as the training job does.
    const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
    const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(ts).href)}); });`;
    return new Worker(boot, { eval: true, workerData });
  }
  return new Worker(join(here, 'responder-worker.js'), { workerData });
}

/**
 * Serves `protocol` servos on `path` from a responder thread; with `path` null, on a pty of the sim's
 * own (own-pty.ts: no socat between client and servos; Linux with python3), whose slave is `clientPath`. `physics` is the joint source the servos'
 * writes drive (its positions reach the servos only through `publish`), or 'kinematic' for joints that
 * slew to their targets inside the responder thread, without physics.
 */
export async function serveVirtualArmInThread(
  path: string | null,
  protocol: SimProtocol,
  physics: JointSource | 'kinematic',
  opts: ThreadServeOptions = {},
): Promise<ThreadServedArm> {
  const baudRate = opts.baudRate ?? 1_000_000;
  const jointCount = physics === 'kinematic' ? 6 : physics.jointCount;
  const specs = opts.specs ?? armServoSpecs(jointCount);
  const readTimeoutDs = opts.readTimeoutDs ?? 2;
  if (path !== null) {
    // Opening through serialport first turns a missing, busy or forbidden port into the usual coded error.
    await (await openSerialTransport({ path, baudRate })).close();
    const trouble = ttyLineConfigure(path, baudRate, readTimeoutDs);
    if (trouble !== null) {
      throw new PraxisError(ErrorCodes.PORT_CLOSED, `Cannot set up ${path} for the servos: ${trouble}`, 'Check that the device is a serial port or pty and that `stty` is installed.', { path });
    }
  }

  const snapshot = physics === 'kinematic' ? null : new JointSnapshot(jointCount);
  if (snapshot && physics !== 'kinematic') snapshot.write(physics.readPositions());
  const signals = signalsCreate();
  const worker = workerStart({
    kind: 'servo-responder',
    path,
    protocol,
    baudRate,
    specs,
    snapshot: snapshot ? snapshot.buffer : 'kinematic',
    jointCount,
    signals,
    readTimeoutDs,
  });
  const wakeListeners: Array<() => void> = [];
  const eventListeners: Array<(e: ServedThreadEvent) => void> = [];
  let failure: string | null = null;
  let started: { resolve: (clientPath: string) => void; reject: (e: Error) => void } | null = null;
  const ready = new Promise<string>((resolve, reject) => {
    started = { resolve, reject };
  });
  const fail = (message: string) => {
    failure = message;
    const where = path ?? 'a pty of their own';
    if (started) started.reject(new PraxisError(ErrorCodes.PORT_CLOSED, `The servos could not start on ${where}: ${message}`, 'Check the device, then start `praxis sim` again.', { path }));
    else console.error(`[sim] the servo responder stopped: ${message}`);
    started = null;
  };
  worker.on('message', (m: ResponderWorkerMessage) => {
    if (m.kind === 'ready') {
      started?.resolve(m.clientPath);
      started = null;
    } else if (m.kind === 'targets' || m.kind === 'torque') {
      if (physics !== 'kinematic') jointCommandApply(physics, m);
    } else if (m.kind === 'wake') {
      for (const l of wakeListeners) l();
    } else if (m.kind === 'failed') {
      fail(m.message);
    } else {
      for (const l of eventListeners) l(m.kind);
    }
  });
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      if (started) fail('the servo thread ended before it was ready');
      resolve();
    }),
  );
  worker.on('error', (e) => fail(e.message));
  const clientPath = await ready;

  return {
    clientPath,
    publish(positions, t = 0) {
      snapshot?.write(positions, t);
    },
    heard() {
      return Atomics.load(signals, Signal.HEARD);
    },
    sleep(heardBefore) {
      Atomics.store(signals, Signal.SLEEPING, 1);
      if (Atomics.load(signals, Signal.HEARD) === heardBefore) return true;
      Atomics.store(signals, Signal.SLEEPING, 0);
      return false;
    },
    onWake(listener) {
      wakeListeners.push(listener);
    },
    onEvent(listener) {
      eventListeners.push(listener);
    },
    async close() {
      Atomics.store(signals, Signal.STOP, 1);
      Atomics.notify(signals, Signal.STOP);
      // The thread leaves its blocking read within readTimeoutDs and closes the device itself; a read on
      // our own pty's master has no timeout, so one byte through the slave wakes it.
      if (path === null) ptyPoke(clientPath);
      await exited;
      if (failure) console.error(`[sim] the servo responder had stopped earlier: ${failure}`);
    },
  };
}
