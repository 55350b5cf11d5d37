// The stiffness of the simulated servos' position loop. A MuJoCo position actuator applies
// kp·ctrl − kp·q − kv·q̇: kp sits in gainprm[0] and, negated, in biasprm[1] (10 numbers per actuator).
// Scaling both changes how hard each joint pulls toward its target, as a servo's P coefficient does
// (LeRobot halves the STS3215's default P of 32 to 16 to stop it shaking), while the damping kv stays.
import { ErrorCodes, PraxisError } from '../api';
import type { MujocoModule } from './mujoco-runtime';

type MjModel = InstanceType<MujocoModule['MjModel']>;

const PRM_STRIDE = 10; // mjNGAIN = mjNBIAS = 10

/** Multiply the position gain of each listed actuator by `scale` (> 0), in place on the model. */
export function positionGainsScale(model: MjModel, actuators: ArrayLike<number>, scale: number): void {
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `A servo position-gain scale must be a positive number, not ${scale}.`, 'Use 1 for the servos as modelled, 0.5 for half as stiff.', { scale });
  }
  const gain = model.actuator_gainprm as Float64Array;
  const bias = model.actuator_biasprm as Float64Array;
  for (let i = 0; i < actuators.length; i++) {
    const a = actuators[i];
    gain[a * PRM_STRIDE] *= scale;
    bias[a * PRM_STRIDE + 1] *= scale;
  }
}
