// The protocol-neutral face of a group of virtual servos: a parser for requests, and the replies they
// produce in wire order. Timing and the port live in virtualServoBus.ts.

import type { StreamParser } from '../../robot/buses';

export interface ServoResponder<F> {
  readonly protocol: 'feetech' | 'dynamixel';
  makeParser(onFrame: (frame: F) => void): StreamParser;
  /**
   * Replies to one request, in the order they go on the wire, given the line rate (servos set to another
   * rate hear only noise and stay silent). Servos sharing an ID answer in the same slot and collide.
   */
  respond(frame: F, lineBaud: number): Uint8Array[];
  /** Seconds between the end of a request and the first reply (Return_Delay_Time). */
  returnDelaySeconds(): number;
}

/** Two UARTs driving one open-drain line at once: the wire carries the AND of their bits (idle is high). */
export function collide(replies: Uint8Array[]): Uint8Array {
  if (replies.length === 1) return replies[0];
  const n = Math.max(...replies.map((r) => r.length));
  const out = new Uint8Array(n).fill(0xff);
  for (const r of replies) for (let i = 0; i < r.length; i++) out[i] &= r[i];
  return out;
}

/** Group per-slot answers and merge collisions. `slots[k]` lists every servo reply for slot k. */
export function mergeSlots(slots: Uint8Array[][]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const s of slots) if (s.length) out.push(collide(s));
  return out;
}
