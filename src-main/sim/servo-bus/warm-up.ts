// Warming the virtual servos' code before the first client talks to them.

import { dynamixelPing, dynamixelRead, dynamixelSyncRead, feetechPing, feetechRead, feetechSyncRead } from '../../robot/buses';
import type { DynamixelResponder } from './dynamixelResponder';
import type { FeetechResponder } from './feetechResponder';
import type { ServoResponder } from './responder';

/**
 * Run the read-only request paths once before serving, so the first real request is not answered by
 * cold, unoptimised code: a client's first ping would otherwise miss a 30 ms SDK timeout on a busy machine.
 */
export function warmUp(responder: FeetechResponder | DynamixelResponder, baud: number): void {
  const ids = responder.servos.map((s) => s.id);
  const packets =
    responder.protocol === 'dynamixel'
      ? [dynamixelPing(ids[0]), dynamixelRead(ids[0], 132, 4), dynamixelSyncRead(128, 8, ids), dynamixelSyncRead(132, 4, ids, true)]
      : [feetechPing(ids[0]), feetechRead(ids[0], 56, 2), feetechSyncRead(56, 4, ids)];
  for (let i = 0; i < 20; i++) {
    const r = responder as ServoResponder<unknown>;
    const parser = r.makeParser((f) => void r.respond(f, baud));
    for (const p of packets) parser.push(p);
  }
}
