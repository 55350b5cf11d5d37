import type { Transport } from '../transports/transport';
import { DynamixelBus, type DynamixelBusOptions } from './dynamixelBus';
import { FeetechBus } from './feetechBus';
import type { BusProtocol, ServoBus } from './servoBus';

export function createServoBus(protocol: BusProtocol, transport: Transport, opts: DynamixelBusOptions = {}): ServoBus {
  return protocol === 'dynamixel' ? new DynamixelBus(transport, opts) : new FeetechBus(transport, opts);
}
