import { describe, expect, it } from 'vitest';
import { ErrorCodes, PraxisError } from '../api';
import { SessionClock } from './clock';
import { RobotService } from './robot-service';

const sim = () => Promise.reject(new Error('not connected in this test'));

describe('the robot sources the Connect panel lists', () => {
  it('lists the simulator first, then the serial ports', async () => {
    const service = new RobotService({ sim, listPorts: async () => [{ kind: 'serial', id: 'serial:/dev/ttyACM0', displayName: '/dev/ttyACM0', detail: 'CH343' }] }, new SessionClock());
    const r = await service.sources();
    expect(r.sources.map((s) => s.id)).toEqual(['sim:so101', 'serial:/dev/ttyACM0']);
    expect(r.portsError).toBeNull();
  });

  it('still lists the simulator when the ports cannot be listed, and says why and what to do', async () => {
    const listPorts = () => Promise.reject(new PraxisError(ErrorCodes.PORT_NOT_FOUND, 'The serial ports could not be listed (no sysfs).', 'Type the port path yourself.'));
    const r = await new RobotService({ sim, listPorts }, new SessionClock()).sources();
    expect(r.sources.map((s) => s.id)).toEqual(['sim:so101']);
    expect(r.portsError).toMatchObject({ code: 'PORT_NOT_FOUND', message: expect.stringMatching(/could not be listed/), hint: 'Type the port path yourself.' });
  });
});
