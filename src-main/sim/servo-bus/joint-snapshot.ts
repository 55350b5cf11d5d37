// The latest joint positions, shared between the physics thread (writer) and the servo responder's
// thread (reader) through a SharedArrayBuffer, so a status packet is answered from memory at once and
// never waits for a physics step or for the other thread's event loop.
//
// A seqlock keeps a read from mixing two physics steps: the writer makes the sequence odd, writes,
// makes it even; a reader retries while it is odd or changed under it. The writer never waits.

import type { JointSource } from './jointSource';

/** The responder thread's signals to the physics: how many requests it heard, and the sleep handshake. */
export const Signal = {
  /** Set by the physics side to end the responder thread. */
  STOP: 0,
  /** 1 while the physics sleeps; the responder clears it and sends a wake message on the next byte. */
  SLEEPING: 1,
  /** Bytes chunks heard from the client since start (wraps; compare for change only). */
  HEARD: 2,
  /** Never written: a word to Atomics.wait on for a short, precise pause. */
  PAUSE: 3,
} as const;

export function signalsCreate(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * 4));
}

export class JointSnapshot {
  readonly buffer: SharedArrayBuffer;
  private readonly seq: Int32Array;
  private readonly values: Float64Array;

  /** A snapshot for `jointCount` joints, or a view of `buffer` made by another thread's snapshot. */
  constructor(
    readonly jointCount: number,
    buffer?: SharedArrayBuffer,
  ) {
    this.buffer = buffer ?? new SharedArrayBuffer(8 + 8 * (1 + jointCount));
    this.seq = new Int32Array(this.buffer, 0, 1);
    this.values = new Float64Array(this.buffer, 8, 1 + jointCount);
  }

  /** Physics side: publish positions (radians) at simulated time `t` seconds. */
  write(positions: ArrayLike<number>, t = 0): void {
    Atomics.add(this.seq, 0, 1);
    this.values[0] = t;
    for (let j = 0; j < this.jointCount; j++) this.values[1 + j] = positions[j];
    Atomics.add(this.seq, 0, 1);
  }

  /** Responder side: copy the latest consistent positions into `out`; returns their simulated time. */
  readInto(out: Float64Array): number {
    for (;;) {
      const before = Atomics.load(this.seq, 0);
      if (before & 1) continue;
      const t = this.values[0];
      for (let j = 0; j < this.jointCount; j++) out[j] = this.values[1 + j];
      if (Atomics.load(this.seq, 0) === before) return t;
    }
  }

  /** How many times it was written (twice the sequence count): lets a test see a write landed. */
  get writes(): number {
    return Atomics.load(this.seq, 0) >> 1;
  }
}

/** A command for the physics, from the servos' writes (Goal_Position, Torque_Enable), in wire order. */
export type JointCommand = { kind: 'targets'; targets: Float64Array } | { kind: 'torque'; on: boolean; joint?: number };

/** The physics as the responder thread sees it: positions from the snapshot, commands sent back in order. */
export class SnapshotJointSource implements JointSource {
  private readonly positions: Float64Array;

  constructor(
    private readonly snapshot: JointSnapshot,
    private readonly send: (command: JointCommand) => void,
  ) {
    this.positions = new Float64Array(snapshot.jointCount);
  }

  get jointCount(): number {
    return this.snapshot.jointCount;
  }

  readPositions(): Float64Array {
    this.snapshot.readInto(this.positions);
    return this.positions;
  }

  setTargets(targets: Float64Array): void {
    this.send({ kind: 'targets', targets: targets.slice(0, this.jointCount) });
  }

  setTorque(on: boolean, joint?: number): void {
    this.send({ kind: 'torque', on, joint });
  }
}

/** Physics side: carry out a command from the responder thread on the real joint source. */
export function jointCommandApply(source: JointSource, command: JointCommand): void {
  if (command.kind === 'targets') source.setTargets(command.targets);
  else source.setTorque(command.on, command.joint);
}
