// Velocity jogging, shared by the keyboard and the gamepad: joint velocities integrate directly; an
// end-effector velocity moves a point from the tool's commanded position and IK turns it back into
// joints. Integrating from the command (not the measured pose) keeps jogging smooth when the arm lags.

import type { IkSolver, IkStatus } from '../kinematics';

export class Jog {
  private readonly goal = new Float64Array(3);
  private readonly pose = { position: new Float64Array(3), rotation: new Float64Array(9) };
  private readonly solution: Float64Array;
  /** Status of the last end-effector step, or null when the last tick had no end-effector motion. */
  lastIk: IkStatus | null = null;

  constructor(
    joints: number,
    private readonly ik: IkSolver | null,
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
      for (let i = 0; i < 3; i++) this.goal[i] = this.pose.position[i] + eeVelocity[i] * dt;
      // A few iterations suffice: the goal is a small step from where the solver starts.
      const result = this.ik.solve({ position: this.goal }, out, this.solution);
      this.lastIk = result.status;
      out.set(result.positions);
    }
    for (let j = 0; j < out.length; j++) out[j] += jointVelocity[j] * dt;
  }
}
