import { describe, expect, it } from 'vitest';
import { armServoSpecs, FeetechResponder, KinematicJointSource, VirtualServoBus } from '../sim/servo-bus';
import { ErrorCodes, PraxisError, type PraxisErrorData } from '../api';
import { RobotLink } from './link';
import { BUILTIN_PROFILES } from './profiles';
import { memoryCable, type MemoryCable } from './transports/memory';

/** A virtual SO-101 whose USB cable can be pulled and plugged back; the servos keep power and memory. */
function virtualSo101(initial = [0, 0.2, -0.2, 0.1, 0, 0.5]) {
  const source = new KinematicJointSource(6, 3, undefined, initial);
  const responder = new FeetechResponder(armServoSpecs(6), source);
  let cable: MemoryCable | null = null;
  let plugged = true;
  return {
    source,
    responder,
    open: async () => {
      if (!plugged) throw new PraxisError(ErrorCodes.PORT_NOT_FOUND, 'No serial port at /dev/ttyACM0.', 'Plug it in.');
      cable = memoryCable(1_000_000);
      new VirtualServoBus(cable.device, responder);
      return cable.host;
    },
    pull() {
      plugged = false;
      cable?.unplug();
    },
    plugIn() {
      plugged = true;
    },
  };
}

const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
};

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
    const arm = virtualSo101([0, 0, 0, 0, 0, 0]);
    const link = new RobotLink({ profile: BUILTIN_PROFILES.so101_follower, open: arm.open, watchdogMs: 0 });
    await link.connect();
    await link.torque(true);
    const first = await link.sendTargets(Float64Array.of(3, 0, 0, 0, 0, 0));
    expect(first.clipped[0] & 1).toBe(1); // beyond shoulder_pan's 1.92 rad
    expect(first.clipped[0] & 2).toBe(2); // and faster than 3 rad/s allows
    expect(first.sent[0]).toBeLessThanOrEqual(3 * 0.05 + 1e-9);
    let last = first;
    for (let i = 0; i < 200 && last.sent[0] < 1.919; i++) {
      await new Promise((r) => setTimeout(r, 10));
      last = await link.sendTargets(Float64Array.of(3, 0, 0, 0, 0, 0));
    }
    expect(last.sent[0]).toBeCloseTo(1.91986, 4);
    // A wait, not a timing check: the virtual servo can fall behind on a machine busy with other tests.
    await until(() => arm.source.readPositions()[0] > 1.9, 15_000);
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
    const arm = virtualSo101([0, 0, 0, 0, 0, 0]);
    const link = new RobotLink({ profile: BUILTIN_PROFILES.so101_follower, open: arm.open, watchdogMs: 60 });
    const errors: string[] = [];
    link.onError((e) => errors.push(e.code));
    await link.connect();
    await link.torque(true);
    // A big step the servo takes a while to reach; then the loop goes silent.
    arm.source.targets[0] = 0;
    await link.sendTargets(Float64Array.of(0.15, 0, 0, 0, 0, 0));
    await until(() => errors.includes('WATCHDOG'));
    const held = arm.source.positions[0];
    await new Promise((r) => setTimeout(r, 100));
    expect(Math.abs(arm.source.readPositions()[0] - held)).toBeLessThan(0.01);
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
    link.startPolling(200);
    await until(() => link.latest !== null);
    await new Promise((r) => setTimeout(r, 200));
    expect(link.rateHz).toBeGreaterThan(5); // polling at 200 Hz; a loaded machine may deliver far fewer
    arm.pull();
    await until(() => states.includes('lost'));
    expect(errors).toContain('PORT_CLOSED');
    await expect(link.readJointState()).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    await new Promise((r) => setTimeout(r, 60)); // a few failed reconnect attempts
    expect(link.state).not.toBe('connected');
    arm.plugIn();
    await until(() => link.state === 'connected');
    const before = link.latest?.t ?? 0;
    await until(() => (link.latest?.t ?? 0) > before);
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
    arm.pull();
    await until(() => link.state !== 'connected');
    arm.plugIn();
    await until(() => link.state === 'connected');
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
