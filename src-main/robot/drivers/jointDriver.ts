// What RobotLink needs from a robot, whatever it speaks: servo buses (Feetech, Dynamixel) or a board on
// the Praxis line protocol. Radians in, radians out; the link adds safety, polling and reconnects.

import type { PraxisErrorData } from '../../api';
import type { ServoAlert } from '../buses/servoBus';

export interface JointDriver {
  /** Check the device is what the profile says (models, joint names); throws a coded error if not. */
  verify(): Promise<void>;
  readState(position: Float64Array, velocity: Float64Array): Promise<void>;
  writeTargets(targets: Float64Array): Promise<void>;
  setTorque(on: boolean): Promise<void>;
  readTorque(): Promise<boolean>;
  /** Goal := present position, so enabling torque or resuming control cannot jump. */
  holdPresent(): Promise<void>;
  /** Cut torque as fast as the device allows; defaults to setTorque(false). */
  estop?(): Promise<void>;
  onAlert(listener: (a: ServoAlert) => void): () => void;
  /** Problems the device reports on its own (its watchdog fired, its e-stop button…). */
  onDeviceError(listener: (e: PraxisErrorData) => void): () => void;
  close(): Promise<void>;
}
