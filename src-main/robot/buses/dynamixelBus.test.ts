import { describe, expect, it } from 'vitest';
import { armServoSpecs, KinematicJointSource, virtualArmOnTransport } from '../../sim/servo-bus';
import { memoryCable } from '../transports/memory';
import { DynamixelBus } from './dynamixelBus';

/** The servos move on a clock the test turns by hand, so "after a while" is exact on any machine. */
function rig(fastSyncRead = false) {
  const cable = memoryCable(1_000_000);
  let now = 0;
  const clock = { now: () => now, advance: (seconds: number) => (now += seconds) };
  const source = new KinematicJointSource(6, 50, clock.now, [0, 0.1, -0.2, 0.3, -0.4, 0.5]);
  const specs = armServoSpecs(6, 1200);
  specs[1] = { ...specs[1], model: 1060 };
  specs[2] = { ...specs[2], model: 1060 };
  virtualArmOnTransport(cable.device, 'dynamixel', source, { specs });
  const bus = new DynamixelBus(cable.host, { timeoutMs: 50, retries: 2, fastSyncRead });
  return { cable, source, bus, clock };
}

describe('DynamixelBus against virtual XL330/XL430 servos (Koch arm)', () => {
  it('pings and reports model numbers from the status packet', async () => {
    const { bus } = rig();
    expect(await bus.ping(1)).toMatchObject({ id: 1, model: 1200, modelName: 'XL330-M288' });
    expect(await bus.ping(2)).toMatchObject({ id: 2, model: 1060, modelName: 'XL430-W250' });
    await bus.close();
  });

  it.each([false, true])('sync-reads six positions (fast sync read: %s)', async (fast) => {
    const { bus } = rig(fast);
    const ticks = await bus.syncRead([1, 2, 3, 4, 5, 6], 'Present_Position');
    expect(Array.from(ticks)).toEqual([2048, 2113, 1918, 2244, 1787, 2374]);
    await bus.close();
  });

  it('refuses an EEPROM write while torque is on with a SERVO_ERROR and a next step', async () => {
    const { bus } = rig();
    await bus.write(1, 'Torque_Enable', 1);
    await expect(bus.write(1, 'Homing_Offset', 100)).rejects.toMatchObject({
      code: 'SERVO_ERROR',
      hint: expect.stringMatching(/Turn torque off/),
    });
    await bus.close();
  });

  it('refuses a goal beyond Max_Position_Limit (data limit error) and the arm does not move', async () => {
    const { bus, source, clock } = rig();
    await bus.write(4, 'Max_Position_Limit', 3000);
    await bus.write(4, 'Torque_Enable', 1);
    await expect(bus.write(4, 'Goal_Position', 3500)).rejects.toMatchObject({ code: 'SERVO_ERROR', details: { error: 6 } });
    clock.advance(1);
    expect(source.readPositions()[3]).toBeCloseTo(0.3, 2);
    await bus.close();
  });

  it('moves joints with sync write and reads them back', async () => {
    const { bus, source, clock } = rig();
    await bus.syncWrite([1, 2, 3, 4, 5, 6], 'Torque_Enable', [1, 1, 1, 1, 1, 1]);
    await bus.syncWrite([1, 2, 3, 4, 5, 6], 'Goal_Position', [2048, 2048, 2048, 2048, 2048, 1024]);
    // A sync write has no reply: a read behind it is answered only once the servos have taken it.
    await bus.ping(1);
    clock.advance(1);
    const pos = source.readPositions();
    expect(pos[5]).toBeCloseTo(-Math.PI / 2, 3);
    expect(pos[1]).toBeCloseTo(0, 3);
    await bus.close();
  });

  it.each([false, true])('bulk-reads different registers from different servos (fast: %s) and bulk-writes', async (fast) => {
    const { bus, source, clock } = rig();
    const [pos1, temp6] = await bus.bulkRead(
      [
        { id: 1, address: 132, length: 4 },
        { id: 6, address: 146, length: 1 },
      ],
      fast,
    );
    expect(pos1[0] | (pos1[1] << 8)).toBe(2048);
    expect(Array.from(temp6)).toEqual([30]);
    await bus.syncWrite([2, 3], 'Torque_Enable', [1, 1]);
    await bus.bulkWrite([
      { id: 2, address: 116, data: Uint8Array.of(0x00, 0x0a, 0, 0) },
      { id: 3, address: 116, data: Uint8Array.of(0x00, 0x06, 0, 0) },
    ]);
    await bus.ping(1);
    clock.advance(1);
    expect(source.readPositions()[1]).toBeCloseTo(Math.PI / 4, 2);
    expect(source.readPositions()[2]).toBeCloseTo(-Math.PI / 4, 2);
    await bus.close();
  });

  it('applies homing offset as Present = Actual + Offset', async () => {
    const { bus } = rig();
    await bus.write(1, 'Homing_Offset', -1000);
    expect(await bus.read(1, 'Present_Position')).toBe(1048);
    await bus.close();
  });
});
