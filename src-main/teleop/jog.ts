// Velocity jogging, shared by the keyboard and the gamepad: joint velocities integrate directly; an
// end-effector velocity moves a point from the tool's commanded position and IK turns it back into
// joints. Integrating from the command (not the measured pose) keeps jogging smooth when the arm lags.
//
// While the tool jogs, its orientation is held as IK's secondary task, turned with the arm about the
// vertical: a 5-joint arm cannot keep its yaw when it moves sideways (the base turns), but it can keep
// the gripper's pitch and roll, so a gripper pointing down stays pointing down. Where it cannot (at the
// edge of its reach) the position wins and the orientation reached becomes the one held.

import { type IkSolver, type IkStatus, mat3FromAxisAngle, mat3Multiply } from '../kinematics';

const UP = [0, 0, 1] as const;
/** Orientation error beyond which the held orientation is given up for the one reached, radians. */
const YIELD_RAD = 0.005;

export class Jog {
  private readonly goal = new Float64Array(3);
  private readonly pose = { position: new Float64Array(3), rotation: new Float64Array(9) };
  private readonly solution: Float64Array;
  private readonly held = new Float64Array(9);
  private readonly turn = new Float64Array(9);
  private readonly target = new Float64Array(9);
  private holding = false;
  private heldHeading = 0;
  /** Status of the last end-effector step, or null when the last tick had no end-effector motion. */
  lastIk: IkStatus | null = null;

  /** `maxJointSpeed`: rad/s any joint may move for an end-effector step. */
  constructor(
    joints: number,
    private readonly ik: IkSolver | null,
    private readonly maxJointSpeed = 1.5,
  ) {
    this.solution = new Float64Array(joints);
  }

  get canMoveEndEffector(): boolean {
    return this.ik !== null;
  }

  /**
   * out ← out + jointVelocity·dt, after moving the tool by eeVelocity·dt (metres/s in the base frame).
   * `out` holds the previous command on entry.
   */
  apply(jointVelocity: Float64Array, eeVelocity: Float64Array, dt: number, out: Float64Array): void {
    this.lastIk = null;
    const ee = Math.hypot(eeVelocity[0], eeVelocity[1], eeVelocity[2]);
    if (ee > 0 && this.ik) {
      this.ik.forward(out, this.pose);
      if (!this.holding) {
        this.held.set(this.pose.rotation);
        this.heldHeading = Math.atan2(this.pose.position[1], this.pose.position[0]);
        this.holding = true;
      }
      for (let i = 0; i < 3; i++) this.goal[i] = this.pose.position[i] + eeVelocity[i] * dt;
      mat3FromAxisAngle(UP, Math.atan2(this.goal[1], this.goal[0]) - this.heldHeading, this.turn);
      mat3Multiply(this.turn, this.held, this.target);
      // A few iterations suffice: the goal is a small step from where the solver starts.
      const result = this.ik.solve({ position: this.goal, rotation: this.target, orientation: 'secondary' }, out, this.solution);
      this.lastIk = result.status;
      // Near a singularity (the arm stretched out) a small tool step needs a large joint step: scale the
      // whole step down, so the tool slows along its line instead of each joint being cut separately.
      let largest = 0;
      for (let j = 0; j < out.length; j++) largest = Math.max(largest, Math.abs(result.positions[j] - out[j]));
      const scale = largest > this.maxJointSpeed * dt ? (this.maxJointSpeed * dt) / largest : 1;
      for (let j = 0; j < out.length; j++) out[j] += (result.positions[j] - out[j]) * scale;
      if (result.orientationError > YIELD_RAD) {
        // The orientation had to give way (the arm near its reach, a wrist limit): hold the new one
        // from here, rather than pulling back towards the old one next tick and oscillating.
        this.ik.forward(out, this.pose);
        this.held.set(this.pose.rotation);
        this.heldHeading = Math.atan2(this.pose.position[1], this.pose.position[0]);
      }
    } else {
      this.holding = false;
    }
    for (let j = 0; j < out.length; j++) out[j] += jointVelocity[j] * dt;
  }
}
