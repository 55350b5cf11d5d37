// JointDriver over a servo bus: one servo per joint, models checked against the profile.

import { ErrorCodes, PraxisError, type PraxisErrorData } from '../../api';
import { createServoBus } from '../buses/createBus';
import { JointIo } from '../buses/jointIo';
import type { JointMapping } from '../buses/jointMapping';
import type { ServoAlert, ServoBus } from '../buses/servoBus';
import { MODEL_NUMBERS, type RobotProfile } from '../profiles/profile';
import type { Transport } from '../transports/transport';
import type { JointDriver } from './jointDriver';

export class ServoDriver implements JointDriver {
  readonly bus: ServoBus;
  private readonly io: JointIo;
  private readonly ids: number[];

  constructor(
    transport: Transport,
    private readonly profile: RobotProfile,
    mappings: JointMapping[],
    opts: { timeoutMs?: number; retries?: number } = {},
  ) {
    const protocol = profile.protocol;
    if (protocol === 'line') throw new Error('ServoDriver needs a servo-bus profile');
    this.bus = createServoBus(protocol, transport, opts);
    this.ids = profile.joints.map((j) => j.servoId);
    this.io = new JointIo(this.bus, this.ids, mappings);
  }

  async verify(): Promise<void> {
    for (const j of this.profile.joints) {
      const who = await this.bus.ping(j.servoId);
      const expected = MODEL_NUMBERS[j.model];
      if (who.model !== expected) {
        throw new PraxisError(
          ErrorCodes.INVALID_ARGUMENT,
          `Joint ${j.name} expects a ${j.model} at ID ${j.servoId}, but that servo is a ${who.modelName}.`,
          'Pick the profile that matches this arm, or fix the servo IDs with `praxis bus set-id`.',
          { joint: j.name, id: j.servoId, model: who.model },
        );
      }
    }
  }

  readState(position: Float64Array, velocity: Float64Array): Promise<void> {
    return this.io.readState(position, velocity);
  }

  writeTargets(targets: Float64Array): Promise<void> {
    return this.io.writeTargets(targets);
  }

  setTorque(on: boolean): Promise<void> {
    return this.io.setTorque(on);
  }

  async readTorque(): Promise<boolean> {
    const t = await this.bus.syncRead(this.ids, 'Torque_Enable');
    return t.some((x) => x !== 0);
  }

  holdPresent(): Promise<void> {
    return this.io.holdPresent();
  }

  onAlert(l: (a: ServoAlert) => void): () => void {
    return this.bus.onAlert(l);
  }

  onDeviceError(_l: (e: PraxisErrorData) => void): () => void {
    return () => {};
  }

  close(): Promise<void> {
    return this.bus.close();
  }
}
