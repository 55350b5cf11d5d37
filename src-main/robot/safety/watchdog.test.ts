import { afterEach, describe, expect, it, vi } from 'vitest';
import { Watchdog } from './watchdog';

// On a fake clock: the watchdog's whole job is time, and the test must not depend on the machine's.
afterEach(() => {
  vi.useRealTimers();
});

describe('Watchdog', () => {
  it('fires once when not kicked within its timeout, then stays disarmed until the next kick', () => {
    vi.useFakeTimers();
    const stalls: number[] = [];
    const dog = new Watchdog(250, () => stalls.push(Date.now()));
    dog.kick();
    vi.advanceTimersByTime(249);
    expect(stalls).toHaveLength(0);
    dog.kick(); // a command arrived: the 250 ms start again
    vi.advanceTimersByTime(249);
    expect(stalls).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(stalls).toHaveLength(1);
    expect(dog.armed).toBe(false);
    vi.advanceTimersByTime(10_000);
    expect(stalls).toHaveLength(1);
  });

  it('never fires once disarmed (torque off, e-stop)', () => {
    vi.useFakeTimers();
    let fired = false;
    const dog = new Watchdog(100, () => {
      fired = true;
    });
    dog.kick();
    dog.disarm();
    vi.advanceTimersByTime(1000);
    expect(fired).toBe(false);
  });
});
