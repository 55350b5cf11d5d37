import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ClientActivity, IdleSleep, jointsAtRest, type NappingPhysics } from './idle-sleep';

/** The responder thread's side of the handshake, in memory. */
class FakeClient implements ClientActivity {
  count = 0;
  sleeping = false;
  private wake: (() => void) | null = null;
  /** A request arrives on the wire (the responder's order: count, then clear SLEEPING and wake). */
  request(): void {
    this.count++;
    if (this.sleeping) {
      this.sleeping = false;
      this.wake?.();
    }
  }
  heard(): number {
    return this.count;
  }
  sleep(heardBefore: number): boolean {
    this.sleeping = true;
    if (this.count === heardBefore) return true;
    this.sleeping = false;
    return false;
  }
  onWake(listener: () => void): void {
    this.wake = listener;
  }
}

class FakePhysics implements NappingPhysics {
  running = true;
  moving = false;
  starts = 0;
  start(): void {
    this.running = true;
    this.starts++;
  }
  stop(): void {
    this.running = false;
  }
  atRest(): boolean {
    return !this.moving;
  }
}

describe('IdleSleep: a sim nobody talks to sleeps', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stops the physics after the quiet time, with no timer left while asleep', () => {
    const physics = new FakePhysics();
    const client = new FakeClient();
    const sleep = new IdleSleep(physics, client, { idleMs: 2000, checkMs: 250 });
    vi.advanceTimersByTime(1750);
    expect(physics.running).toBe(true);
    vi.advanceTimersByTime(250);
    expect(physics.running).toBe(false);
    expect(sleep.asleep).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    sleep.dispose();
  });

  it('stays awake while requests keep coming', () => {
    const physics = new FakePhysics();
    const client = new FakeClient();
    const sleep = new IdleSleep(physics, client, { idleMs: 2000, checkMs: 250 });
    for (let i = 0; i < 40; i++) {
      client.request();
      vi.advanceTimersByTime(500);
    }
    expect(physics.running).toBe(true);
    expect(sleep.naps).toBe(0);
    sleep.dispose();
  });

  it('waits for a moving arm to come to rest before sleeping', () => {
    const physics = new FakePhysics();
    physics.moving = true;
    const sleep = new IdleSleep(physics, new FakeClient(), { idleMs: 1000, checkMs: 250 });
    vi.advanceTimersByTime(5000);
    expect(physics.running).toBe(true);
    physics.moving = false;
    vi.advanceTimersByTime(250);
    expect(physics.running).toBe(false);
    sleep.dispose();
  });

  it('wakes on the first request and sleeps again after the next quiet spell', () => {
    const physics = new FakePhysics();
    const client = new FakeClient();
    const sleep = new IdleSleep(physics, client, { idleMs: 1000, checkMs: 250 });
    vi.advanceTimersByTime(1000);
    expect(sleep.asleep).toBe(true);
    client.request();
    expect(physics.running).toBe(true);
    expect(sleep.asleep).toBe(false);
    expect(sleep.wakes).toBe(1);
    vi.advanceTimersByTime(750);
    expect(physics.running).toBe(true);
    vi.advanceTimersByTime(250);
    expect(physics.running).toBe(false);
    expect(sleep.naps).toBe(2);
    sleep.dispose();
  });

  it('does not fall asleep when a request lands during the handshake', () => {
    const physics = new FakePhysics();
    const client = new FakeClient();
    // The request arrives after the rule read the count but before it raised SLEEPING.
    const sleepOriginal = client.sleep.bind(client);
    let raced = false;
    client.sleep = (heardBefore) => {
      if (!raced) {
        raced = true;
        client.count++;
      }
      return sleepOriginal(heardBefore);
    };
    const sleep = new IdleSleep(physics, client, { idleMs: 500, checkMs: 250 });
    vi.advanceTimersByTime(500);
    expect(physics.running).toBe(true);
    expect(client.sleeping).toBe(false);
    sleep.dispose();
  });

  it('calls joints at rest only when every joint is slower than the threshold', () => {
    expect(jointsAtRest([0, 0.005, -0.009])).toBe(true);
    expect(jointsAtRest([0, 0.02, 0])).toBe(false);
    expect(jointsAtRest([-0.5], 1)).toBe(true);
  });
});
