// Serve virtual servos on a real serial device (one end of a pty pair), so any servo tool — the vendor
// SDKs, LeRobot, Praxis itself — can talk to the simulated arm as if it were hardware.

import { ErrorCodes, PraxisError } from '../../api';
import { type MemoryCable, memoryCable } from '../../robot/transports';
import { openSerialTransport } from '../../robot/transports';
import type { Transport } from '../../robot/transports';
import { DynamixelResponder } from './dynamixelResponder';
import { FeetechResponder, type VirtualServoSpec } from './feetechResponder';
import type { JointSource } from './jointSource';
import { VirtualServoBus } from './virtualServoBus';
import { warmUp } from './warm-up';

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
  warmUp(responder, opts.baudRate ?? 1_000_000);
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

export interface VirtualArmPlug {
  /** A TransportOpener for RobotLink: each call plugs a fresh in-memory cable into the same servos. */
  open(): Promise<Transport>;
  /** Pull the cable (tests of loss and reconnect); `open` fails with PORT_NOT_FOUND until `plugIn`. */
  unplug(): void;
  plugIn(): void;
  readonly responder: FeetechResponder | DynamixelResponder;
}

/**
 * The simulated arm as a robot on a cable, for the app's built-in sim: RobotLink talks to it through
 * the real Feetech/Dynamixel driver, so the sim exercises the same code path as hardware. Servo memory
 * (IDs, offsets, limits) persists across re-plugs, as on a powered arm.
 */
export function virtualArmPlug(protocol: SimProtocol, source: JointSource, opts: ServeOptions & { instant?: boolean } = {}): VirtualArmPlug {
  const specs = opts.specs ?? (protocol === 'dynamixel' ? armServoSpecs(source.jointCount).map((s) => ({ ...s, model: s.id <= 2 ? 1060 : 1200 })) : armServoSpecs(source.jointCount));
  const responder = opts.responder ?? (protocol === 'dynamixel' ? new DynamixelResponder(specs, source) : new FeetechResponder(specs, source));
  const baud = opts.baudRate ?? 1_000_000;
  warmUp(responder, baud);
  let plugged = true;
  let cable: MemoryCable | null = null;
  return {
    responder,
    async open() {
      if (!plugged) throw new PraxisError(ErrorCodes.PORT_NOT_FOUND, 'The simulated arm is unplugged.', 'Plug it back in.');
      cable = memoryCable(baud, 'sim');
      new VirtualServoBus<unknown>(cable.device, responder as never, { instant: opts.instant });
      return cable.host;
    },
    unplug() {
      plugged = false;
      cable?.unplug();
    },
    plugIn() {
      plugged = true;
    },
  };
}
