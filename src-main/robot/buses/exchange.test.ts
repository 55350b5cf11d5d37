import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryCable } from '../transports/memory';
import { ExchangeTimeout, PacketExchange } from './exchange';
import { type FeetechFrame, feetechRead, feetechStatus } from './feetech';
import { FeetechParser } from './feetechParser';

describe('PacketExchange', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('never takes a late reply to an abandoned request as the answer to the next one', async () => {
    // The servo's delays, the host's timeout, its quiet period and the cable's delivery all run on one
    // fake clock, so the race happens in the same order on any machine, however busy.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'performance'] });
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
    const first = expect(ex.run(() => ex.transact(feetechRead(1, 56, 2), accept, 1, 20))).rejects.toBeInstanceOf(ExchangeTimeout);
    await vi.advanceTimersByTimeAsync(25);
    await first;
    const second = ex.run(() => ex.transact(feetechRead(1, 31, 2), accept, 1, 100));
    await vi.advanceTimersByTimeAsync(100);
    const [reply] = await second;
    expect(Array.from(reply.params)).toEqual([1, 1]);
    expect(ex.strayFrames).toBe(1);
  });
});
