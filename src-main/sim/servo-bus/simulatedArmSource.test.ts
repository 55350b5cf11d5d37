// The MuJoCo arm behind virtual Feetech servos: the driver moves the simulated SO-101 through the bus.

import { describe, expect, it } from 'vitest';
import { FeetechBus } from '../../robot/buses';
import { memoryCable } from '../../robot/transports';
import { SimulatedArm } from '../simulated-arm';
import { jointSourceFromArm } from './simulatedArmSource';
import { virtualArmOnTransport } from './serve';

describe('virtual servos backed by the MuJoCo arm', () => {
  it('reads the simulated joints and moves them through Goal_Position', async () => {
    const arm = await SimulatedArm.load();
    try {
      const source = jointSourceFromArm(arm);
      const cable = memoryCable(1_000_000);
      virtualArmOnTransport(cable.device, 'feetech', source);
      const bus = new FeetechBus(cable.host, { timeoutMs: 50 });
      const ids = [1, 2, 3, 4, 5, 6];
      const start = await bus.syncRead(ids, 'Present_Position');
      const expected = Array.from(arm.readState().position, (r) => Math.round(2048 + (r * 4096) / (2 * Math.PI)));
      expect(Array.from(start)).toEqual(expected);
      await bus.write(1, 'Torque_Enable', 1);
      await bus.write(1, 'Goal_Position', 2048 + 400); // ≈ 0.61 rad on shoulder_pan
      arm.stepFor(1.5);
      expect(arm.readState().position[0]).toBeCloseTo((400 * 2 * Math.PI) / 4096, 1);
      expect(Math.abs((await bus.read(1, 'Present_Position')) - 2448)).toBeLessThan(40);
    } finally {
      arm.dispose();
    }
  });
});
