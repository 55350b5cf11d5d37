import { describe, expect, it } from 'vitest';
import { armServoSpecs, KinematicJointSource, virtualArmOnTransport } from '../../sim/servo-bus';
import { memoryCable } from '../transports/memory';
import { FeetechBus } from './feetechBus';

/** The servos move on a clock the test turns by hand, so "after a while" is exact on any machine. */
function rig(opts: { specs?: ReturnType<typeof armServoSpecs>; retries?: number } = {}) {
  const cable = memoryCable(1_000_000);
  let now = 0;
  const clock = { now: () => now, advance: (seconds: number) => (now += seconds) };
  const source = new KinematicJointSource(6, 50, clock.now, [0, 0.1, -0.2, 0.3, -0.4, 0.5]);
  const arm = virtualArmOnTransport(cable.device, 'feetech', source, { specs: opts.specs });
  const bus = new FeetechBus(cable.host, { timeoutMs: 50, retries: opts.retries ?? 2 });
  return { cable, source, arm, bus, clock };
}

describe('FeetechBus against virtual STS3215 servos', () => {
  it('pings a servo and reads its model number 777 (STS3215)', async () => {
    const { bus } = rig();
    expect(await bus.ping(3)).toEqual({ id: 3, model: 777, modelName: 'STS3215' });
    await bus.close();
  });

  it('sync-reads six present positions in one transaction', async () => {
    const { bus } = rig();
    const ticks = await bus.syncRead([1, 2, 3, 4, 5, 6], 'Present_Position');
    // Joint zero is tick 2048; 0.1 rad ≈ 65 ticks.
    expect(Array.from(ticks)).toEqual([2048, 2113, 1918, 2244, 1787, 2374]);
    await bus.close();
  });

  it('moves a joint when torque is on and a goal is written', async () => {
    const { bus, source, clock } = rig();
    await bus.write(2, 'Torque_Enable', 1);
    await bus.write(2, 'Goal_Position', 2048 + 512);
    clock.advance(1);
    expect(source.readPositions()[1]).toBeCloseTo(Math.PI / 4, 2);
    expect(await bus.read(2, 'Present_Position')).toBe(2560);
    await bus.close();
  });

  it('reports NO_STATUS_PACKET naming the silent servo after bounded retries', async () => {
    const { bus, arm } = rig();
    let requestsBefore = arm.bus.requests;
    await expect(bus.read(9, 'Present_Position')).rejects.toMatchObject({ code: 'NO_STATUS_PACKET', details: { ids: [9] } });
    expect(arm.bus.requests - requestsBefore).toBe(3); // one try + two retries
    requestsBefore = arm.bus.requests;
    await expect(bus.syncRead([1, 2, 7], 'Present_Position')).rejects.toMatchObject({ code: 'NO_STATUS_PACKET' });
    await bus.close();
  });

  it('turns two servos answering as one ID into a coded CHECKSUM error (duplicate IDs collide)', async () => {
    const specs = armServoSpecs(6);
    specs[4] = { id: 2, joint: 4 }; // joint 5's servo also set to ID 2
    const { bus } = rig({ specs });
    await expect(bus.read(2, 'Present_Position')).rejects.toMatchObject({ code: 'CHECKSUM' });
    await bus.close();
  });

  it('hears nothing at the wrong baud rate', async () => {
    const { bus, cable } = rig({ retries: 0 });
    await cable.host.setBaudRate(115_200);
    await expect(bus.ping(1)).rejects.toMatchObject({ code: 'NO_STATUS_PACKET' });
    await bus.close();
  });

  it('rejects a Homing_Offset that would overflow bit 11 before touching the wire', async () => {
    const { bus, arm } = rig();
    const before = arm.bus.requests;
    await expect(bus.write(1, 'Homing_Offset', -2048)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(arm.bus.requests).toBe(before);
    await bus.close();
  });

  it('applies the homing offset as Present = Actual − Offset, with negative offsets in bit 11', async () => {
    const { bus } = rig();
    await bus.write(1, 'Homing_Offset', -100);
    expect(await bus.read(1, 'Homing_Offset')).toBe(-100);
    expect(await bus.read(1, 'Present_Position')).toBe(2148);
    await bus.close();
  });

  it('fails a pending request with PORT_CLOSED when the cable is pulled', async () => {
    const { bus, cable } = rig();
    const p = bus.read(1, 'Present_Position');
    cable.unplug();
    await expect(p).rejects.toMatchObject({ code: 'PORT_CLOSED' });
  });
});

describe('virtual Feetech broadcast ping', () => {
  it('is answered by every servo in ID order', async () => {
    const { FeetechParser } = await import('./feetechParser');
    const { feetechPing, FEETECH_BROADCAST_ID } = await import('./feetech');
    const { FeetechResponder } = await import('../../sim/servo-bus');
    const r = new FeetechResponder(armServoSpecs(6).reverse(), new KinematicJointSource(6));
    const ids: number[] = [];
    const replies: Uint8Array[] = [];
    new FeetechParser((f) => replies.push(...r.respond(f, 1_000_000))).push(feetechPing(FEETECH_BROADCAST_ID));
    new FeetechParser((f) => ids.push(f.id)).push(Uint8Array.from(replies.flatMap((b) => Array.from(b))));
    expect(ids).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
