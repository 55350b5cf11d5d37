import { describe, expect, it } from 'vitest';
import { FixedRateLoop } from './fixed-rate-loop';
import { FakeTime } from './testing/fake-time';

describe('FixedRateLoop', () => {
  it('ticks on an absolute schedule: 1 ms late timers do not drift the rate', () => {
    const time = new FakeTime();
    const loop = new FixedRateLoop(200, time, time);
    const due: number[] = [];
    loop.start((d) => due.push(d));
    time.advance(1.999);
    // Due at 0, 5 ms, …, 1.995 s: 400 ticks, each on time or within Node's 1 ms minimum delay.
    expect(due.length).toBe(400);
    expect(due[399]).toBeCloseTo(399 * 0.005, 9);
    expect(loop.stats().missed).toBe(0);
    expect(loop.stats().rateHz).toBeCloseTo(200, 6);
  });

  it('skips and counts the ticks it missed when a tick runs long, instead of bursting', () => {
    const time = new FakeTime();
    time.busy = (n) => (n === 100 ? 0.0234 : 0); // one tick stalls the event loop for 23.4 ms
    const loop = new FixedRateLoop(200, time, time);
    const due: number[] = [];
    const lateness: number[] = [];
    loop.start((d, late) => {
      due.push(d);
      lateness.push(late);
    });
    time.advance(1);
    // Ticks due at 505, 510 and 515 ms fall inside the stall; the one due at 520 ms runs 3.4 ms late.
    expect(loop.stats().missed).toBe(3);
    // The due times stay on the 5 ms grid; one gap of four periods shows where ticks were lost.
    const gaps = due.slice(1).map((d, k) => Math.round((d - due[k]) / 0.005));
    expect(gaps.filter((g) => g !== 1)).toEqual([4]);
    expect(Math.max(...lateness)).toBeLessThan(0.005);
  });

  it('stops ticking when stopped', () => {
    const time = new FakeTime();
    const loop = new FixedRateLoop(100, time, time);
    let ticks = 0;
    loop.start(() => {
      ticks++;
      if (ticks === 10) loop.stop();
    });
    time.advance(1);
    expect(ticks).toBe(10);
    expect(loop.isRunning).toBe(false);
  });
});
