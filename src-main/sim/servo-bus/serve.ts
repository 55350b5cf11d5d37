// Serve virtual servos on a real serial device (one end of a pty pair), so any servo tool — the vendor
// SDKs, LeRobot, Praxis itself — can talk to the simulated arm as if it were hardware.

import { openSerialTransport } from '../../robot/transports/serial';
import type { Transport } from '../../robot/transports/transport';
import { DynamixelResponder } from './dynamixelResponder';
import { FeetechResponder, type VirtualServoSpec } from './feetechResponder';
import type { JointSource } from './jointSource';
import { VirtualServoBus } from './virtualServoBus';

export type SimProtocol = 'feetech' | 'dynamixel';

export interface ServedArm {
  readonly transport: Transport;
  readonly bus: VirtualServoBus<unknown>;
  readonly responder: FeetechResponder | DynamixelResponder;
  close(): Promise<void>;
}

/** Six servos, IDs 1..6, one per joint: the SO-101 and Koch layouts. */
export function armServoSpecs(jointCount = 6, model?: number): VirtualServoSpec[] {
  return Array.from({ length: jointCount }, (_, j) => ({ id: j + 1, joint: j, model }));
}

export interface ServeOptions {
  baudRate?: number;
  specs?: VirtualServoSpec[];
  responder?: FeetechResponder | DynamixelResponder;
}

export function virtualArmOnTransport(
  transport: Transport,
  protocol: SimProtocol,
  source: JointSource,
  opts: ServeOptions & { instant?: boolean } = {},
): ServedArm {
  const specs = opts.specs ?? armServoSpecs(source.jointCount);
  // Reusing a responder keeps servo memory across re-plugs, as powered servos do.
  const responder = opts.responder ?? (protocol === 'dynamixel' ? new DynamixelResponder(specs, source) : new FeetechResponder(specs, source));
  const bus = new VirtualServoBus<unknown>(transport, responder as never, { baudRate: opts.baudRate, instant: opts.instant });
  return {
    transport,
    bus,
    responder,
    async close() {
      bus.close();
      await transport.close();
    },
  };
}

export async function serveVirtualArmOnSerial(
  path: string,
  protocol: SimProtocol,
  source: JointSource,
  opts: ServeOptions = {},
): Promise<ServedArm> {
  const baudRate = opts.baudRate ?? 1_000_000;
  const transport = await openSerialTransport({ path, baudRate });
  return virtualArmOnTransport(transport, protocol, source, { ...opts, baudRate });
}
