import { afterEach, describe, expect, it, vi } from 'vitest';
import { armServoSpecs, DynamixelResponder, FeetechResponder, KinematicJointSource, VirtualServoBus } from '../../sim/servo-bus';
import { memoryCable } from '../transports/memory';
import { changeServoBaud, changeServoId, parseIdList, scanBus } from './busTools';
import { createServoBus } from './createBus';

describe('bus tools', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('parses ID lists and ranges', () => {
    expect(parseIdList('1-3,7')).toEqual([1, 2, 3, 7]);
    expect(() => parseIdList('1-x')).toThrow(/not an ID/);
  });

  it('scans IDs × baud rates, reports models, and flags two servos sharing an ID', async () => {
    const specs = armServoSpecs(4);
    specs[3] = { id: 2, joint: 3 }; // a fresh servo still on ID 2 next to the real ID 2
    // Every reply window and timeout on a fake clock (see 'broadcast ping' below).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'performance'] });
    const source = new KinematicJointSource(4, 1, undefined, [0, 0.5, 0, -0.5]);
    const cable = memoryCable(1_000_000);
    new VirtualServoBus(cable.device, new FeetechResponder(specs, source), { instant: true });
    const scan = scanBus(cable.host, { protocol: 'feetech', baudRates: [115_200, 1_000_000], ids: [0, 1, 2, 3, 4], timeoutMs: 30 });
    await vi.advanceTimersByTimeAsync(10_000);
    const found = await scan;
    expect(found.map((f) => [f.id, f.baudRate, f.modelName, f.suspectedDuplicate])).toEqual([
      [1, 1_000_000, 'STS3215', false],
      [2, 1_000_000, 'STS3215', true],
      [3, 1_000_000, 'STS3215', false],
    ]);
  });

  it('changes an ID only when the new one is free', async () => {
    const source = new KinematicJointSource(2);
    const cable = memoryCable(1_000_000);
    new VirtualServoBus(cable.device, new DynamixelResponder(armServoSpecs(2, 1200), source));
    const bus = createServoBus('dynamixel', cable.host, { timeoutMs: 50, retries: 2 });
    await expect(changeServoId(bus, 1, 2)).rejects.toMatchObject({ code: 'DUPLICATE_ID' });
    expect((await changeServoId(bus, 1, 9)).id).toBe(9);
    await expect(bus.ping(1, 0)).rejects.toMatchObject({ code: 'NO_STATUS_PACKET' });
  });

  it('changes a baud rate and follows the servo to it', async () => {
    const source = new KinematicJointSource(1);
    const cable = memoryCable(1_000_000);
    const responder = new FeetechResponder(armServoSpecs(1), source);
    new VirtualServoBus(cable.device, responder);
    const bus = createServoBus('feetech', cable.host, { timeoutMs: 50, retries: 2 });
    expect((await changeServoBaud(bus, 1, 500_000)).id).toBe(1);
    expect(responder.servos[0].memory.get('Baud_Rate')).toBe(1);
    expect(cable.host.baudRate).toBe(500_000);
    await expect(changeServoBaud(bus, 1, 123)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('broadcast ping', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  // The ping listens for a 50 ms window. On real timers a process descheduled for longer than that
  // (two busy cores) closed the window before the cable delivered a reply; on a fake clock the window
  // is exactly 50 ms of it, and the servos answer inside it, as they do on a quiet machine.
  it.each(['feetech', 'dynamixel'] as const)('names every %s servo that answers', async (protocol) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'performance'] });
    const source = new KinematicJointSource(3);
    const cable = memoryCable(1_000_000);
    const specs = [
      { id: 7, joint: 0 },
      { id: 2, joint: 1 },
      { id: 4, joint: 2 },
    ].map((s) => ({ ...s, model: protocol === 'dynamixel' ? 1200 : 777 }));
    // Instant: no wire-time pacing (its sub-millisecond spin would never end on a clock that only moves when told).
    new VirtualServoBus(cable.device, protocol === 'dynamixel' ? new DynamixelResponder(specs, source) : (new FeetechResponder(specs, source) as never), { instant: true });
    const bus = createServoBus(protocol, cable.host);
    const heard = bus.broadcastPing();
    await vi.advanceTimersByTimeAsync(100);
    expect(await heard).toEqual({ ids: [2, 4, 7], garbageBytes: 0 });
  });
});
