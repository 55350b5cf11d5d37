// The real `serialport` path end to end: virtual SO-101 servos on one end of a socat pty pair, the
// studio's Feetech driver on the other.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KinematicJointSource, type ServedArm, serveVirtualArmOnSerial } from '../sim/servo-bus';
import { FeetechBus } from './buses/feetechBus';
import { openPtyPair, type PtyPair, removePtyDir, socatAvailable } from './transports/ptyPair';
import { openSerialTransport } from './transports/serial';

const haveSocat = socatAvailable();
if (!haveSocat) console.warn('serial integration tests skipped: `socat` is not installed (apt-get install socat)');

describe.skipIf(!haveSocat)('Feetech driver over a real pty at 1 Mbaud', () => {
  let pair: PtyPair;
  let arm: ServedArm;
  let source: KinematicJointSource;

  beforeAll(async () => {
    pair = await openPtyPair();
    source = new KinematicJointSource(6, 20, undefined, [0.1, -0.1, 0.2, -0.2, 0.3, -0.3]);
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
    const deadline = Date.now() + 3000;
    let now = await bus.syncRead(ids, 'Present_Position');
    while (Date.now() < deadline && Math.abs(now[4] - 1848) > 1) {
      await new Promise((r) => setTimeout(r, 20));
      now = await bus.syncRead(ids, 'Present_Position');
    }
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
    const link = new RobotLink({
      profile: BUILTIN_PROFILES.so101_follower,
      open: () => openSerialTransport({ path: pair.b, baudRate: 1_000_000 }),
      reconnectMs: 50,
      busTimeoutMs: 150,
    });
    const states: string[] = [];
    const errors: string[] = [];
    link.onState((s) => states.push(s));
    link.onError((e) => errors.push(e.code));
    await link.connect();
    await link.torque(true);
    link.startPolling(200);
    const until = async (cond: () => boolean, ms = 5000) => {
      const end = Date.now() + ms;
      while (!cond()) {
        if (Date.now() > end) throw new Error(`timed out; states ${states.join(',')} errors ${errors.join(',')}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    await until(() => link.latest !== null);

    await pair.close(); // the adapter is yanked: both pty ends vanish
    await until(() => states.includes('lost'));
    expect(errors).toContain('PORT_CLOSED');
    await expect(link.sendTargets(new Float64Array(6))).rejects.toMatchObject({ code: 'NOT_CONNECTED' });

    await new Promise((r) => setTimeout(r, 150)); // reconnect attempts fail while the port is gone
    await arm.close().catch(() => {});
    await pair.reopen();
    arm = await serveVirtualArmOnSerial(pair.a, 'feetech', source, { responder });
    await until(() => link.state === 'connected');
    const t = link.latest?.t ?? 0;
    await until(() => (link.latest?.t ?? 0) > t);
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
    const source = new KinematicJointSource(6, 4, undefined, [0.1, 0.2, 0.3, -0.1, -0.2, 0.5]);
    const specs = [1, 2, 3, 4, 5, 6].map((id, j) => ({ id, joint: j, model: id <= 2 ? 1060 : 1200 }));
    const arm = await serveVirtualArmOnSerial(pair.a, 'dynamixel', source, { specs });
    const link = new RobotLink({
      profile: BUILTIN_PROFILES.koch_follower,
      open: () => openSerialTransport({ path: pair.b, baudRate: 1_000_000 }),
      busTimeoutMs: 150,
      watchdogMs: 0,
    });
    try {
      await link.connect();
      const s = await link.readJointState();
      expect(Array.from(s.position, (x) => Math.round(x * 10) / 10)).toEqual([0.1, 0.2, 0.3, -0.1, -0.2, 0.5]);
      await link.torque(true);
      const goal = Float64Array.of(0.3, 0.2, 0.3, -0.1, -0.2, 3);
      let sent = await link.sendTargets(goal);
      for (let i = 0; i < 100 && sent.clipped.some((f) => f & 2); i++) {
        await new Promise((r) => setTimeout(r, 20));
        sent = await link.sendTargets(goal);
      }
      expect(sent.sent[5]).toBeCloseTo(1.5, 6); // the gripper's upper limit
      await new Promise((r) => setTimeout(r, 400));
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
