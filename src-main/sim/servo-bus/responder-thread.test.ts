// The servos answer from their own thread while the physics thread is stuck in a step: a client gets
// its status packets although this thread cannot run a single callback. With the responder on the
// physics thread's event loop (the design before), no reply could be written until the step ended,
// and the wait below would run out.

import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { feetechFrame, feetechPing, feetechWrite } from '../../robot/buses';
import { openPtyPair, type PtyPair, removePtyDir, socatAvailable } from '../../robot/transports';
import type { JointSource } from './jointSource';
import { serveVirtualArmInThread, type ThreadServedArm } from './responder-thread';

const haveSocat = socatAvailable();
const havePython = process.platform === 'linux' && spawnSync('python3', ['-c', 'import fcntl'], { stdio: 'ignore' }).status === 0;

/** A joint source that records what the servos asked of the physics, in order. */
class RecordingJoints implements JointSource {
  readonly jointCount = 6;
  readonly log: string[] = [];
  readonly positions = new Float64Array([0.25, 0, 0, 0, 0, 0]);
  readPositions(): Float64Array {
    return this.positions;
  }
  setTargets(targets: Float64Array): void {
    this.log.push(`targets ${targets[0].toFixed(3)}`);
  }
  setTorque(on: boolean, joint?: number): void {
    this.log.push(`torque ${on} ${joint}`);
  }
}

/**
 * A client on its own thread, like an SDK in another program: it sends each request, reads its status
 * packet (blocking), and raises `done[0]` when all came back (or after `giveUpMs` without one).
 */
function clientThread(path: string, requests: Uint8Array[], replyBytes: number[], done: Int32Array, giveUpMs: number): Worker {
  const source = `
    const { openSync, readSync, writeSync, constants } = require('node:fs');
    const { execFileSync } = require('node:child_process');
    const { workerData: w } = require('node:worker_threads');
    execFileSync('stty', ['-F', w.path, 'raw', '-echo', 'min', '0', 'time', '1']);
    const fd = openSync(w.path, constants.O_RDWR | constants.O_NOCTTY);
    const got = [];
    let ok = true;
    for (let i = 0; i < w.requests.length && ok; i++) {
      writeSync(fd, w.requests[i]);
      const buf = Buffer.alloc(256);
      let have = 0;
      const t0 = Date.now();
      while (have < w.replyBytes[i] && Date.now() - t0 < w.giveUpMs) have += readSync(fd, buf, have, 256 - have, null);
      ok = have >= w.replyBytes[i];
      got.push(Array.from(buf.subarray(0, have)));
    }
    require('node:worker_threads').parentPort.postMessage(got);
    Atomics.store(w.done, 0, ok ? 1 : 2);
    Atomics.notify(w.done, 0);
  `;
  return new Worker(source, { eval: true, workerData: { path, requests, replyBytes, done, giveUpMs } });
}

describe.skipIf(!haveSocat)('servos answering from their own thread', () => {
  let pair: PtyPair | undefined;
  let served: ThreadServedArm | undefined;
  afterEach(async () => {
    await served?.close();
    await pair?.close();
    if (pair) removePtyDir(pair);
  });

  it('answers pings and acknowledges writes while the physics thread is blocked in a step', async () => {
    pair = await openPtyPair();
    const joints = new RecordingJoints();
    served = await serveVirtualArmInThread(pair.a, 'feetech', joints, { readTimeoutDs: 1 });
    const requests = [
      feetechPing(1),
      feetechWrite(1, 40, [1]), // Torque_Enable
      feetechWrite(1, 42, [0x00, 0x0a]), // Goal_Position 2560 ticks
    ];
    const done = new Int32Array(new SharedArrayBuffer(4));
    const client = clientThread(pair.b, requests, [6, 6, 6], done, 20_000);
    const replies = new Promise<number[][]>((resolve) => client.once('message', resolve));

    // The physics step that never ends: this thread sleeps until the client has all its replies.
    const outcome = Atomics.wait(done, 0, 0, 30_000);
    expect(outcome).not.toBe('timed-out');
    expect(Atomics.load(done, 0)).toBe(1);
    const got = await replies;
    expect(got[0]).toEqual(Array.from(feetechFrame(1, 0, [])));
    expect(got[1]).toEqual(Array.from(feetechFrame(1, 0, [])));

    // The writes reach the physics once it runs again, in the order they came over the wire.
    await expect.poll(() => joints.log.length).toBeGreaterThanOrEqual(3);
    expect(joints.log[0]).toBe('torque true 0');
    expect(joints.log.at(-1)).toBe(`targets ${(((2560 - 2048) * 2 * Math.PI) / 4096).toFixed(3)}`);
    await client.terminate();
  });

  it('reports the physics snapshot it was last given, and counts what it heard', async () => {
    pair = await openPtyPair();
    const joints = new RecordingJoints();
    served = await serveVirtualArmInThread(pair.a, 'feetech', joints, { readTimeoutDs: 1 });
    served.publish([-0.5, 0, 0, 0, 0, 0], 1.5);
    const heardBefore = served.heard();
    const done = new Int32Array(new SharedArrayBuffer(4));
    // READ Present_Position (address 56, 2 bytes) of servo 1: status with two data bytes.
    const client = clientThread(pair.b, [feetechFrame(1, 0x02, [56, 2])], [8], done, 20_000);
    const replies = new Promise<number[][]>((resolve) => client.once('message', resolve));
    const got = await replies;
    const ticks = got[0][5] | (got[0][6] << 8);
    expect(ticks).toBe(Math.round(2048 + (-0.5 * 4096) / (2 * Math.PI)));
    expect(served.heard()).toBeGreaterThan(heardBefore);
    await client.terminate();
  });
});

describe.skipIf(!havePython)('servos on a pty of their own (no socat)', () => {
  it('answers a client on its /dev/pts slave, and close() ends the thread', async () => {
    const served = await serveVirtualArmInThread(null, 'feetech', new RecordingJoints(), { readTimeoutDs: 1 });
    expect(served.clientPath).toMatch(/^\/dev\/pts\/\d+$/);
    const done = new Int32Array(new SharedArrayBuffer(4));
    const client = clientThread(served.clientPath, [feetechPing(3)], [6], done, 20_000);
    const got = await new Promise<number[][]>((resolve) => client.once('message', resolve));
    expect(got[0]).toEqual(Array.from(feetechFrame(3, 0, [])));
    await client.terminate();
    // A read on the master has no timeout: close() still ends the thread (it pokes the slave), or this hangs.
    await served.close();
  });
});
