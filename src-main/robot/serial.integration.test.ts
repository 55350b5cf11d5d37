// The real `serialport` path end to end: virtual SO-101 servos on one end of a socat pty pair, the
// studio's Feetech driver on the other.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KinematicJointSource, type ServedArm, serveVirtualArmOnSerial } from '../sim/servo-bus';
import { FeetechBus } from './buses/feetechBus';
import { countingOpener, linkReaches, manualClock, polledStates } from './testing/link-waits';
import { openPtyPair, type PtyPair, removePtyDir, socatAvailable } from './transports/ptyPair';
import { openSerialTransport } from './transports/serial';

const haveSocat = socatAvailable();
if (!haveSocat) console.warn('serial integration tests skipped: `socat` is not installed (apt-get install socat)');

describe.skipIf(!haveSocat)('Feetech driver over a real pty at 1 Mbaud', () => {
  let pair: PtyPair;
  let arm: ServedArm;
  let source: KinematicJointSource;
  // The servos move on the test's clock: "after a while" is a second of it, on any machine.
  const clock = manualClock();

  beforeAll(async () => {
    pair = await openPtyPair();
    source = new KinematicJointSource(6, 20, clock.now, [0.1, -0.1, 0.2, -0.2, 0.3, -0.3]);
    arm = await serveVirtualArmOnSerial(pair.a, 'feetech', source);
  });

  afterAll(async () => {
    await arm?.close();
    await pair?.close();
    if (pair) removePtyDir(pair);
  });

  it('reads six joints and moves them', async () => {
    const bus = new FeetechBus(await openSerialTransport({ path: pair.b, baudRate: 1_000_000 }), { timeoutMs: 150 });
    const ids = [1, 2, 3, 4, 5, 6];
    for (const id of ids) expect((await bus.ping(id)).modelName).toBe('STS3215');
    const start = await bus.syncRead(ids, 'Present_Position');
    expect(Array.from(start, (t) => Math.round(((t - 2048) * 2 * Math.PI) / 4096 * 10) / 10)).toEqual([0.1, -0.1, 0.2, -0.2, 0.3, -0.3]);

    await bus.syncWrite(ids, 'Torque_Enable', [1, 1, 1, 1, 1, 1]);
    await bus.syncWrite(ids, 'Goal_Position', [2048, 2148, 2248, 1948, 1848, 2048]);
    // A sync write has no reply: a read behind it is answered only once the servos have taken it.
    await bus.syncRead(ids, 'Present_Position');
    clock.advance(1);
    const now = await bus.syncRead(ids, 'Present_Position');
    expect(Array.from(now)).toEqual([2048, 2148, 2248, 1948, 1848, 2048]);
    await bus.close();
  });
});

describe.skipIf(!haveSocat)('RobotLink when the pty is pulled mid-stream', () => {
  it('reports PORT_CLOSED, goes lost, does not crash, and reconnects when the port returns', async () => {
    const { RobotLink } = await import('./link');
    const { BUILTIN_PROFILES } = await import('./profiles');
    const pair = await openPtyPair();
    const source = new KinematicJointSource(6, 3, undefined, [0, 0.2, -0.2, 0.1, 0, 0.5]);
    let arm = await serveVirtualArmOnSerial(pair.a, 'feetech', source);
    const responder = arm.responder;
    const opener = countingOpener(() => openSerialTransport({ path: pair.b, baudRate: 1_000_000 }));
    const link = new RobotLink({
      profile: BUILTIN_PROFILES.so101_follower,
      open: opener.open,
      reconnectMs: 50,
      busTimeoutMs: 150,
    });
    const states: string[] = [];
    const errors: string[] = [];
    link.onState((s) => states.push(s));
    link.onError((e) => errors.push(e.code));
    await link.connect();
    await link.torque(true);
    const polled = polledStates(link, 1);
    link.startPolling(200);
    await polled;

    const lost = linkReaches(link, 'lost');
    const refused = opener.refused(2);
    await pair.close(); // the adapter is yanked: both pty ends vanish
    await lost;
    expect(errors).toContain('PORT_CLOSED');
    await expect(link.sendTargets(new Float64Array(6))).rejects.toMatchObject({ code: 'NOT_CONNECTED' });

    await refused; // reconnect attempts fail while the port is gone
    await arm.close().catch(() => {});
    const reconnected = linkReaches(link, 'connected');
    await pair.reopen();
    arm = await serveVirtualArmOnSerial(pair.a, 'feetech', source, { responder });
    await reconnected;
    await polledStates(link, 1);
    // Torque-safe: goals were re-synced to where the arm stands, so nothing jumped on reconnect.
    const s = await link.readJointState();
    expect(Array.from(s.position, (x) => Math.round(x * 10) / 10)).toEqual([0, 0.2, -0.2, 0.1, 0, 0.5]);
    await link.disconnect();
    await arm.close();
    await pair.close();
    removePtyDir(pair);
  });
});

describe.skipIf(!haveSocat)('Koch follower over Dynamixel 2.0 on a real pty', () => {
  it('connects with the koch_follower profile, reads radians and moves within limits', async () => {
    const { RobotLink } = await import('./link');
    const { BUILTIN_PROFILES } = await import('./profiles');
    const pair = await openPtyPair();
    // Servo motion and the link's speed cap both run on the test's clock.
    const clock = manualClock();
    const source = new KinematicJointSource(6, 4, clock.now, [0.1, 0.2, 0.3, -0.1, -0.2, 0.5]);
    const specs = [1, 2, 3, 4, 5, 6].map((id, j) => ({ id, joint: j, model: id <= 2 ? 1060 : 1200 }));
    const arm = await serveVirtualArmOnSerial(pair.a, 'dynamixel', source, { specs });
    const link = new RobotLink({
      profile: BUILTIN_PROFILES.koch_follower,
      open: () => openSerialTransport({ path: pair.b, baudRate: 1_000_000 }),
      busTimeoutMs: 150,
      watchdogMs: 0,
      clock: clock.now,
    });
    try {
      await link.connect();
      const s = await link.readJointState();
      expect(Array.from(s.position, (x) => Math.round(x * 10) / 10)).toEqual([0.1, 0.2, 0.3, -0.1, -0.2, 0.5]);
      await link.torque(true);
      const goal = Float64Array.of(0.3, 0.2, 0.3, -0.1, -0.2, 3);
      let sent = await link.sendTargets(goal);
      // A 50 Hz loop on the test's clock until the speed cap no longer clips (3 rad at the cap).
      for (let i = 0; i < 1000 && sent.clipped.some((f) => f & 2); i++) {
        clock.advance(0.02);
        sent = await link.sendTargets(goal);
      }
      expect(sent.sent[5]).toBeCloseTo(1.5, 6); // the gripper's upper limit
      await link.readJointState(); // answered after the last goal was taken
      clock.advance(1);
      const now = await link.readJointState();
      expect(now.position[0]).toBeCloseTo(0.3, 2);
      expect(now.position[5]).toBeCloseTo(1.5, 2);
    } finally {
      await link.disconnect();
      await arm.close();
      await pair.close();
      removePtyDir(pair);
    }
  });
});
