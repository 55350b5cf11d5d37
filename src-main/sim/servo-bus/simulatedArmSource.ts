// Plug the MuJoCo arm (../simulated-arm.ts) in behind the virtual servos. Written against the arm's
// shape, not its module, so the servo bus does not load MuJoCo unless asked to.

import type { JointSource } from './jointSource';

/** The part of SimulatedArm the servos need. */
export interface PositionControlledArm<S extends { position: Float64Array } = { position: Float64Array }> {
  readonly joints: readonly unknown[];
  sampleCreate(): S;
  readStateInto(sample: S): S;
  setTargets(positions: ArrayLike<number>): Float64Array;
}

/**
 * MuJoCo's position actuators cannot go limp, so "torque off" holds the joint where it is each time it
 * is sensed: the arm neither moves on its own nor resists being re-posed by a later target.
 */
export function jointSourceFromArm<S extends { position: Float64Array }>(arm: PositionControlledArm<S>): JointSource {
  const n = arm.joints.length;
  const torque = new Array<boolean>(n).fill(false);
  const goals = new Float64Array(n);
  const applied = new Float64Array(n);
  // One reusable sample: the servos sense the arm at every request, well over 1 kHz.
  const sample = arm.sampleCreate();
  const present = () => arm.readStateInto(sample).position;
  const apply = (present: Float64Array) => {
    for (let j = 0; j < n; j++) applied[j] = torque[j] ? goals[j] : present[j];
    arm.setTargets(applied);
  };
  return {
    jointCount: n,
    readPositions() {
      return present();
    },
    setTargets(targets) {
      goals.set(targets.subarray(0, n));
      apply(present());
    },
    setTorque(on, joint) {
      const now = present();
      for (let j = 0; j < n; j++) {
        if (joint !== undefined && j !== joint) continue;
        torque[j] = on;
        goals[j] = now[j];
      }
      apply(now);
    },
  };
}
