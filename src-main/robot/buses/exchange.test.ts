import { describe, expect, it } from 'vitest';
import { memoryCable } from '../transports/memory';
import { ExchangeTimeout, PacketExchange } from './exchange';
import { type FeetechFrame, feetechRead, feetechStatus } from './feetech';
import { FeetechParser } from './feetechParser';

describe('PacketExchange', () => {
  it('never takes a late reply to an abandoned request as the answer to the next one', async () => {
    const cable = memoryCable(1_000_000);
    let k = 0;
    // The servo: answers each read with its sequence number.
    const servo = new FeetechParser(() => {
      const reply = feetechStatus(1, 0, [k, k]);
      const late = k === 0;
      k++;
      // First reply 30 ms late (the host gives up at 20 ms); the next one takes 15 ms, so without a
      // quiet period the stale reply would land first.
      setTimeout(() => void cable.device.write(reply), late ? 30 : 15);
    });
    cable.device.onData((b) => servo.push(b));

    const ex = new PacketExchange<FeetechFrame>(cable.host, (on) => new FeetechParser(on));
    const accept = (f: FeetechFrame) => f.id === 1 && f.params.length === 2;
    await expect(ex.run(() => ex.transact(feetechRead(1, 56, 2), accept, 1, 20))).rejects.toBeInstanceOf(ExchangeTimeout);
    const [second] = await ex.run(() => ex.transact(feetechRead(1, 31, 2), accept, 1, 100));
    expect(Array.from(second.params)).toEqual([1, 1]);
    expect(ex.strayFrames).toBe(1);
  });
});
