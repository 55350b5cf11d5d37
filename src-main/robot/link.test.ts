import { describe, expect, it } from 'vitest';
import { armServoSpecs, FeetechResponder, KinematicJointSource, VirtualServoBus } from '../sim/servo-bus';
import { ErrorCodes, PraxisError, type PraxisErrorData } from '../api';
import { RobotLink } from './link';
import { BUILTIN_PROFILES } from './profiles';
import { countingOpener, linkReaches, linkReports, manualClock, polledStates } from './testing/link-waits';
import { memoryCable, type MemoryCable } from './transports/memory';

/**
 * A virtual SO-101 whose USB cable can be pulled and plugged back; the servos keep power and memory.
 * `clock` drives the servos' motion (seconds); tests that move the arm pass a manual one.
 */
function virtualSo101(initial = [0, 0.2, -0.2, 0.1, 0, 0.5], clock?: () => number) {
  const source = new KinematicJointSource(6, 3, clock, initial);
  const responder = new FeetechResponder(armServoSpecs(6), source);
  let cable: MemoryCable | null = null;
  let plugged = true;
  const opener = countingOpener(async () => {
    if (!plugged) throw new PraxisError(ErrorCodes.PORT_NOT_FOUND, 'No serial port at /dev/ttyACM0.', 'Plug it in.');
    cable = memoryCable(1_000_000);
    new VirtualServoBus(cable.device, responder);
    return cable.host;
  });
  return {
    source,
    responder,
    open: opener.open,
    /** Resolves once `count` more opens have been refused (reconnect attempts while unplugged). */
    refusedOpens: opener.refused,
    pull() {
      plugged = false;
      cable?.unplug();
    },
    plugIn() {
      plugged = true;
    },
  };
}

describe('RobotLink on a virtual SO-101', () => {
  it('connects, verifies the servo models and reads joint state in radians', async () => {
    const arm = virtualSo101();
    const link = new RobotLink({ profile: BUILTIN_PROFILES.so101_follower, open: arm.open });
    await link.connect();
    expect(link.state).toBe('connected');
    const s = await link.readJointState();
    expect(Array.from(s.position, (x) => Math.round(x * 100) / 100)).toEqual([0, 0.2, -0.2, 0.1, 0, 0.5]);
    expect(s.t).toBeGreaterThan(0);
    await link.disconnect();
  });

  it('refuses a profile whose servo models do not match the arm', async () => {
    const arm = virtualSo101();
    const link = new RobotLink({ profile: BUILTIN_PROFILES.koch_follower, open: arm.open });
    await expect(link.connect()).rejects.toBeDefined();
    expect(link.state).toBe('disconnected');
  });

  it('clips targets to joint limits and velocity, reports what it sent, and the arm follows', async () => {
    const clock = manualClock();
    const arm = virtualSo101([0, 0, 0, 0, 0, 0], clock.now);
    const link = new RobotLink({ profile: BUILTIN_PROFILES.so101_follower, open: arm.open, watchdogMs: 0, clock: clock.now });
    await link.connect();
    await link.torque(true);
    const first = await link.sendTargets(Float64Array.of(3, 0, 0, 0, 0, 0));
    expect(first.clipped[0] & 1).toBe(1); // beyond shoulder_pan's 1.92 rad
    expect(first.clipped[0] & 2).toBe(2); // and faster than 3 rad/s allows
    expect(first.sent[0]).toBeLessThanOrEqual(3 * 0.05 + 1e-9);
    // A 100 Hz loop, 10 ms apart on the test's clock: 3 rad/s covers the 1.92 rad in 64 ticks.
    let last = first;
    let ticks = 0;
    for (; ticks < 200 && last.sent[0] < 1.919; ticks++) {
      clock.advance(0.01);
      last = await link.sendTargets(Float64Array.of(3, 0, 0, 0, 0, 0));
      expect(last.sent[0]).toBeLessThanOrEqual(Math.min(1.91986, 0.15 + 3 * 0.01 * (ticks + 1)) + 1e-9);
    }
    expect(last.sent[0]).toBeCloseTo(1.91986, 4);
    expect(ticks).toBeGreaterThanOrEqual(58);
    // The arm follows: a read is answered after every earlier write; then its servo has had a second.
    await link.readJointState();
    clock.advance(1);
    expect((await link.readJointState()).position[0]).toBeCloseTo(1.91986, 2);
    await link.disconnect();
  });

  it('turns torque off on disconnect and on e-stop, and refuses targets while e-stopped', async () => {
    const arm = virtualSo101();
    const link = new RobotLink({ profile: BUILTIN_PROFILES.so101_follower, open: arm.open, watchdogMs: 0 });
    const errors: PraxisErrorData[] = [];
    link.onError((e) => errors.push(e));
    await link.connect();
    await link.torque(true);
    expect(arm.source.torque.every(Boolean)).toBe(true);
    await link.estop();
    expect(arm.source.torque.some(Boolean)).toBe(false);
    expect(errors.map((e) => e.code)).toContain('ESTOP');
    await expect(link.sendTargets(new Float64Array(6))).rejects.toMatchObject({ code: 'ESTOP' });
    await expect(link.torque(true)).rejects.toMatchObject({ code: 'ESTOP' });
    link.clearEstop();
    await link.torque(true);
    await link.disconnect();
    expect(arm.source.torque.some(Boolean)).toBe(false);
  });

  it('stops the arm where it stands when the control loop stalls (watchdog)', async () => {
    // The servos move on the test's clock; the watchdog's 60 ms is real time, and the test waits for it.
    const clock = manualClock();
    const arm = virtualSo101([0, 0, 0, 0, 0, 0], clock.now);
    const link = new RobotLink({ profile: BUILTIN_PROFILES.so101_follower, open: arm.open, watchdogMs: 60 });
    await link.connect();
    await link.torque(true);
    // A step the servo has not started on; then the loop goes silent.
    const stalled = linkReports(link, 'WATCHDOG');
    await link.sendTargets(Float64Array.of(0.15, 0, 0, 0, 0, 0));
    await stalled;
    // Hold written before the error was reported; a read is answered after it. A second later the
    // joint is where it stood, not at the 0.15 rad it was sent toward.
    const held = (await link.readJointState()).position[0];
    clock.advance(1);
    expect(Math.abs((await link.readJointState()).position[0] - held)).toBeLessThan(0.01);
    expect(held).toBeLessThan(0.01);
    await link.disconnect();
  });

  it('reports a pulled cable as PORT_CLOSED, goes lost, and reconnects when the port returns', async () => {
    const arm = virtualSo101();
    const link = new RobotLink({ profile: BUILTIN_PROFILES.so101_follower, open: arm.open, reconnectMs: 20 });
    const states: string[] = [];
    const errors: string[] = [];
    link.onState((s) => states.push(s));
    link.onError((e) => errors.push(e.code));
    await link.connect();
    // Polling publishes states (how fast is a speed question, not this test's).
    const polled = polledStates(link, 5);
    link.startPolling(200);
    await polled;
    const lost = linkReaches(link, 'lost');
    const refused = arm.refusedOpens(3);
    arm.pull();
    await lost;
    expect(errors).toContain('PORT_CLOSED');
    await expect(link.readJointState()).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    await refused; // a few reconnect attempts, each refused while the port is gone
    expect(link.state).not.toBe('connected');
    const reconnected = linkReaches(link, 'connected');
    arm.plugIn();
    await reconnected;
    const before = link.latest?.t ?? 0;
    await polledStates(link, 1);
    expect(link.latest?.t ?? 0).toBeGreaterThan(before);
    expect(states).toEqual(expect.arrayContaining(['connecting', 'connected', 'lost', 'reconnecting']));
    await link.disconnect();
  });
});

describe('reconnect policy', () => {
  it.each([
    ['hold', true],
    ['off', false],
  ] as const)('onReconnect %s leaves torque %s after the cable returns', async (policy, torqueAfter) => {
    const arm = virtualSo101();
    const link = new RobotLink({ profile: BUILTIN_PROFILES.so101_follower, open: arm.open, reconnectMs: 10, watchdogMs: 0, onReconnect: policy });
    await link.connect();
    await link.torque(true);
    const lost = linkReaches(link, 'lost');
    arm.pull();
    await lost;
    const reconnected = linkReaches(link, 'connected');
    arm.plugIn();
    await reconnected;
    expect(link.torqueEnabled).toBe(torqueAfter);
    expect(arm.source.torque.every((t) => t === torqueAfter)).toBe(true);
    await link.disconnect();
  });
});

describe('servo alerts', () => {
  it('passes a Feetech overload to onAlert, and the overloaded servo has unloaded its torque', async () => {
    const arm = virtualSo101();
    const link = new RobotLink({ profile: BUILTIN_PROFILES.so101_follower, open: arm.open, watchdogMs: 0 });
    const alerts: string[] = [];
    link.onAlert((a) => alerts.push(`${a.id}: ${a.text}`));
    await link.connect();
    await link.torque(true);
    arm.responder.injectFault(2, 0x20);
    await link.readJointState();
    expect(alerts).toContain('3: overload');
    expect(arm.source.torque).toEqual([true, true, false, true, true, true]);
    await link.disconnect();
  });

  it('passes a Dynamixel hardware alert to onAlert without failing the read', async () => {
    const { virtualArmPlug } = await import('../sim/servo-bus');
    const source = new KinematicJointSource(6);
    const plug = virtualArmPlug('dynamixel', source);
    const link = new RobotLink({ profile: BUILTIN_PROFILES.koch_follower, open: plug.open, watchdogMs: 0 });
    const alerts: number[] = [];
    link.onAlert((a) => alerts.push(a.id));
    await link.connect();
    (plug.responder as import('../sim/servo-bus').DynamixelResponder).injectFault(0, 0x20);
    const s = await link.readJointState();
    expect(s.position).toHaveLength(6);
    expect(alerts).toContain(1);
    await link.disconnect();
  });
});
