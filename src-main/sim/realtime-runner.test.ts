import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Seconds } from '../api';
import { type ArmSample, armSampleCopy, armSampleCreate } from './arm-sample';
import { RealtimeRunner, type RealtimeWorld, type RunnerTimers } from './realtime-runner';
import { SimulatedArm } from './simulated-arm';

/** A world that only counts steps: time = steps × 2 ms. */
class CountingWorld implements RealtimeWorld {
  readonly timestep = 0.002 as Seconds;
  steps = 0;
  stepCalls: number[] = [];
  step(steps: number): void {
    this.steps += steps;
    this.stepCalls.push(steps);
  }
  sampleCreate(): ArmSample {
    return armSampleCreate(1, []);
  }
  readStateInto(sample: ArmSample): ArmSample {
    sample.t = (this.steps * this.timestep) as Seconds;
    sample.position[0] = this.steps;
    return sample;
  }
}

/**
 * A manual clock and timer queue. Each timer fires `lateMs` after it was due, like Node's timers,
 * which never fire early and are typically ~1 ms late.
 */
class FakeTime implements RunnerTimers {
  nowMs = 1000;
  private pending: { at: number; callback: () => void; id: number } | undefined;
  private nextId = 1;
  constructor(private readonly lateMs = 0) {}
  readonly clock = { now: () => this.nowMs };
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending = { at: this.nowMs + Math.max(1, ms) + this.lateMs, callback, id };
    return id;
  }
  clearTimeout(handle: unknown): void {
    if (this.pending?.id === handle) this.pending = undefined;
  }
  get scheduled(): boolean {
    return this.pending !== undefined;
  }
  /** Fires due timers until `ms` of fake time have passed. */
  run(ms: number): void {
    const end = this.nowMs + ms;
    while (this.pending && this.pending.at <= end) {
      const { at, callback } = this.pending;
      this.pending = undefined;
      this.nowMs = Math.max(this.nowMs, at);
      callback();
    }
    this.nowMs = end;
  }
  /** Jumps the clock (a GC pause, a suspended laptop) and fires what is due. */
  jump(ms: number): void {
    this.nowMs += ms;
    this.run(0);
  }
}

describe('RealtimeRunner (fake clock)', () => {
  it('keeps simulated time with the wall clock and publishes at the requested rate', () => {
    const world = new CountingWorld();
    const time = new FakeTime(1);
    const runner = new RealtimeRunner(world, { clock: time.clock, timers: time });
    let samples = 0;
    runner.onSample(() => samples++);
    runner.start({ publishHz: 200 });
    time.run(2000);
    expect(world.steps).toBeGreaterThanOrEqual(995);
    expect(world.steps).toBeLessThanOrEqual(1000);
    // Timers fire ~1 ms late, yet the schedule absorbs it: 200 Hz on average, not 1000/6 ≈ 167.
    expect(samples).toBeGreaterThanOrEqual(398);
    expect(samples).toBeLessThanOrEqual(401);
    const stats = runner.stats();
    expect(stats.publishHz).toBeCloseTo(200, -1);
    expect(stats.stepsPerSecond).toBeCloseTo(500, -1);
    expect(stats.realtimeFactor).toBeCloseTo(1, 1);
    expect(stats.overruns).toBe(0);
  });

  it('after a long pause runs a bounded burst, counts an overrun and then keeps real time', () => {
    const world = new CountingWorld();
    const time = new FakeTime(0);
    const runner = new RealtimeRunner(world, { clock: time.clock, timers: time });
    runner.start({ publishHz: 100, maxStepsPerTick: 20 });
    time.run(100);
    const beforePause = world.steps;
    time.jump(3000); // 1500 steps due
    expect(world.steps - beforePause).toBeLessThanOrEqual(20 + 5);
    expect(runner.stats().overruns).toBe(1);
    expect(runner.stats().realtimeFactor).toBeLessThan(0.1); // the last window holds the pause
    world.stepCalls = [];
    time.run(1000);
    // Back to ~5 steps per 10 ms tick: the dropped backlog is not chased.
    expect(Math.max(...world.stepCalls)).toBeLessThanOrEqual(6);
    expect(runner.stats().overruns).toBe(1);
    expect(runner.stats().realtimeFactor).toBeCloseTo(1, 1);
  });

  it('catches up after a short hiccup without losing samples or repeating a timestamp', () => {
    const world = new CountingWorld();
    const time = new FakeTime(1);
    const runner = new RealtimeRunner(world, { clock: time.clock, timers: time });
    const times: number[] = [];
    runner.onSample((s) => times.push(s.t));
    runner.start({ publishHz: 200 });
    time.run(500);
    time.jump(40); // a 40 ms stall: 8 samples late
    time.run(460);
    // 1 s at 200 Hz, the initial sample included; the stall cost at most the sample in flight.
    expect(times.length).toBeGreaterThanOrEqual(199);
    expect(new Set(times).size).toBe(times.length);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]);
  });

  it('stops scheduling on stop(), and unsubscribed or throwing listeners do not break the loop', () => {
    const world = new CountingWorld();
    const time = new FakeTime(1);
    const runner = new RealtimeRunner(world, { clock: time.clock, timers: time });
    const seen: number[] = [];
    const unsubscribe = runner.onSample(() => {
      throw new Error('listener bug');
    });
    const originalError = console.error;
    console.error = () => {};
    try {
      runner.onSample((s) => seen.push(s.position[0]));
      runner.start({ publishHz: 50 });
      time.run(200);
      expect(runner.listenerErrorCount).toBeGreaterThan(5);
      unsubscribe();
      const errors = runner.listenerErrorCount;
      time.run(200);
      expect(runner.listenerErrorCount).toBe(errors);
      expect(seen.length).toBeGreaterThanOrEqual(19);
      runner.stop();
      expect(time.scheduled).toBe(false);
      const steps = world.steps;
      time.run(500);
      expect(world.steps).toBe(steps);
      expect(runner.running).toBe(false);
    } finally {
      console.error = originalError;
    }
  });

  it('reports a failing step to error listeners and keeps running', () => {
    const world = new CountingWorld();
    const time = new FakeTime(0);
    const runner = new RealtimeRunner(world, { clock: time.clock, timers: time });
    const errors: unknown[] = [];
    runner.onError((e) => errors.push(e));
    let samples = 0;
    runner.onSample(() => samples++);
    const step = world.step.bind(world);
    let failures = 2;
    world.step = (n: number) => {
      if (failures-- > 0) throw new Error('diverged');
      step(n);
    };
    runner.start({ publishHz: 100 });
    time.run(200);
    expect(errors).toHaveLength(2);
    expect(runner.running).toBe(true);
    expect(samples).toBeGreaterThanOrEqual(18);
  });

  it('hands listeners one reused sample; armSampleCopy keeps a value', () => {
    const world = new CountingWorld();
    const time = new FakeTime(0);
    const runner = new RealtimeRunner(world, { clock: time.clock, timers: time });
    const borrowed: ArmSample[] = [];
    const copies: ArmSample[] = [];
    runner.onSample((s) => {
      borrowed.push(s as ArmSample);
      copies.push(armSampleCopy(s));
    });
    runner.start({ publishHz: 100 });
    time.run(50);
    runner.stop();
    expect(new Set(borrowed).size).toBe(1);
    const times = copies.map((s) => s.t);
    expect(new Set(times).size).toBe(times.length);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('rejects a publish rate outside (0, 1000] Hz', () => {
    const runner = new RealtimeRunner(new CountingWorld());
    expect(() => runner.start({ publishHz: 0 })).toThrow(RangeError);
    expect(() => runner.start({ publishHz: 5000 })).toThrow(RangeError);
    expect(runner.running).toBe(false);
  });
});

describe('SimulatedArm in real time', () => {
  let arm: SimulatedArm | undefined;
  afterEach(() => {
    arm?.dispose();
    vi.useRealTimers();
  });

  // The arm's own runner on faked timers and clock: exact rates, no dependence on how busy the machine is.
  it('delivers 200 samples per second of clock time, with sim time advancing and the target followed', async () => {
    arm = await SimulatedArm.load();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const times: number[] = [];
    arm.onSample((s) => times.push(s.t));
    arm.start({ publishHz: 200 });
    arm.setTarget(0, 0.5);
    vi.advanceTimersByTime(1000);
    arm.stop();
    expect(times.length).toBeGreaterThanOrEqual(199);
    expect(times.length).toBeLessThanOrEqual(201);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]);
    expect(times[times.length - 1]).toBeCloseTo(1, 1);
    expect(arm.readState().position[0]).toBeGreaterThan(0.3); // the target was followed meanwhile
    const count = times.length;
    vi.advanceTimersByTime(500);
    expect(times.length).toBe(count); // stopped means stopped
    expect(vi.getTimerCount()).toBe(0);
  });
});
