// Wire timing: a reply must not arrive before its bytes could have crossed the wire. Load on the machine
// can only make replies later, so these lower bounds cannot flake.

import { describe, expect, it } from 'vitest';
import { FeetechBus } from '../../robot/buses';
import { memoryCable } from '../../robot/transports';
import { FeetechResponder } from './feetechResponder';
import { KinematicJointSource } from './jointSource';
import { armServoSpecs } from './serve';
import { VirtualServoBus } from './virtualServoBus';

async function timedSyncRead(baud: number, returnDelayUnits: number): Promise<number> {
  const responder = new FeetechResponder(armServoSpecs(6), new KinematicJointSource(6));
  const code = { 1000000: 0, 115200: 4 }[baud] ?? 0;
  for (const s of responder.servos) {
    s.memory.set('Baud_Rate', code);
    s.memory.set('Return_Delay_Time', returnDelayUnits);
  }
  const cable = memoryCable(baud);
  new VirtualServoBus(cable.device, responder);
  const bus = new FeetechBus(cable.host, { timeoutMs: 200 });
  await bus.syncReadBytes([1, 2, 3, 4, 5, 6], 56, 4); // warm up
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await bus.syncReadBytes([1, 2, 3, 4, 5, 6], 56, 4);
    best = Math.min(best, performance.now() - t);
  }
  await bus.close();
  return best;
}

describe('virtual servo timing', () => {
  // Request 14 bytes + six replies of 10 bytes = 74 bytes × 10 bits.
  it('delivers a 6-servo sync read no sooner than its 74 bytes take at 115200 baud (6.4 ms)', async () => {
    expect(await timedSyncRead(115_200, 0)).toBeGreaterThanOrEqual((74 * 10 * 1000) / 115_200);
  });

  it('adds Return_Delay_Time (2 µs units) before the replies', async () => {
    // 250 units = 500 µs, plus 0.74 ms of wire time at 1 Mbaud.
    expect(await timedSyncRead(1_000_000, 250)).toBeGreaterThanOrEqual(0.74 + 0.5);
  });
});
