// Joint-level reads and writes over a ServoBus: the radians boundary for the link above.
// Everything crossing this file's exports is radians; ticks stay inside.

import { ErrorCodes, PraxisError, type Radians } from '../../api';
import { readLE, registerDecode } from './controlTable';
import { type JointMapping, radiansToTicks, stateBlock, ticksToRadians, velocityToRadiansPerSecond } from './jointMapping';
import type { ServoBus } from './servoBus';

export class JointIo {
  private readonly block;
  private readonly ticks: Float64Array;

  constructor(
    readonly bus: ServoBus,
    readonly ids: readonly number[],
    public mappings: JointMapping[],
  ) {
    this.block = stateBlock(bus.protocol);
    this.ticks = new Float64Array(ids.length);
  }

  /** One sync read of position and velocity for every joint, into the caller's arrays. */
  async readState(position: Float64Array, velocity: Float64Array): Promise<void> {
    const b = this.block;
    const rows = await this.bus.syncReadBytes(this.ids, b.address, b.length);
    const pos = this.bus.controlTable.Present_Position;
    const vel = this.bus.controlTable.Present_Velocity;
    for (let i = 0; i < this.ids.length; i++) {
      const at = i * b.length;
      const p = registerDecode(pos, readLE(rows, at + b.position, b.size));
      const v = registerDecode(vel, readLE(rows, at + b.velocity, b.size));
      position[i] = ticksToRadians(p, this.mappings[i]);
      velocity[i] = velocityToRadiansPerSecond(v, this.bus.protocol, this.mappings[i]);
    }
  }

  async writeTargets(targets: Float64Array): Promise<void> {
    for (let i = 0; i < this.ids.length; i++) this.ticks[i] = radiansToTicks(targets[i] as Radians, this.mappings[i]);
    await this.bus.syncWrite(this.ids, 'Goal_Position', this.ticks);
  }

  /** Sync writes get no reply, so read Torque_Enable back: torque state must never be a guess. */
  async setTorque(on: boolean): Promise<void> {
    await this.bus.syncWrite(this.ids, 'Torque_Enable', new Array(this.ids.length).fill(on ? 1 : 0));
    const now = await this.bus.syncRead(this.ids, 'Torque_Enable');
    const wrong = this.ids.filter((_, i) => (now[i] !== 0) !== on);
    if (wrong.length) {
      throw new PraxisError(
        ErrorCodes.SERVO_ERROR,
        `Torque did not turn ${on ? 'on' : 'off'} on servo${wrong.length > 1 ? 's' : ''} ${wrong.join(', ')}.`,
        'Check the servo power supply and the status LEDs; a servo in overload protection ignores torque commands until power-cycled.',
        { ids: wrong },
      );
    }
  }

  /** Goal := present for every joint, so enabling torque or resuming control cannot jump. */
  async holdPresent(): Promise<void> {
    const ticks = await this.bus.syncRead(this.ids, 'Present_Position');
    await this.bus.syncWrite(this.ids, 'Goal_Position', ticks);
  }
}
