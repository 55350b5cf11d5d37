// What moves behind the virtual servos: the MuJoCo arm in production, a kinematic fake in tests.
// Radians in, radians out; the servos turn them into ticks.

export interface JointSource {
  readonly jointCount: number;
  /** Present joint positions, radians. */
  readPositions(): Float64Array;
  /** Position targets for every joint, radians (joints without torque are sent their present position). */
  setTargets(targets: Float64Array): void;
  /** Torque on or off for one joint, or for all when `joint` is omitted. */
  setTorque(on: boolean, joint?: number): void;
}

/**
 * A joint source without physics: each powered joint slews toward its target at `maxVelocity`; an
 * unpowered joint stays put unless `moveByHand` moves it (a person posing the arm during calibration).
 * Time comes from a clock function, so tests can drive it deterministically.
 */
export class KinematicJointSource implements JointSource {
  readonly positions: Float64Array;
  readonly targets: Float64Array;
  readonly torque: boolean[];
  private last: number;

  constructor(
    readonly jointCount: number,
    /** rad/s; an STS3215 at 7.4 V turns about 60° in 0.22 s ≈ 4.7 rad/s. */
    readonly maxVelocity = 4.7,
    private readonly clock: () => number = () => performance.now() / 1000,
    initial?: ArrayLike<number>,
  ) {
    this.positions = new Float64Array(jointCount);
    if (initial) this.positions.set(Array.from(initial));
    this.targets = this.positions.slice();
    this.torque = new Array(jointCount).fill(false);
    this.last = clock();
  }

  readPositions(): Float64Array {
    this.advance();
    return this.positions;
  }

  setTargets(targets: Float64Array): void {
    this.advance();
    this.targets.set(targets.subarray(0, this.jointCount));
  }

  setTorque(on: boolean, joint?: number): void {
    this.advance();
    for (let j = 0; j < this.jointCount; j++) {
      if (joint !== undefined && j !== joint) continue;
      this.torque[j] = on;
      if (on) this.targets[j] = this.positions[j];
    }
  }

  /** Pose an unpowered joint by hand; a powered joint resists (stays). */
  moveByHand(joint: number, to: number): void {
    this.advance();
    if (!this.torque[joint]) this.positions[joint] = to;
  }

  private advance(): void {
    const now = this.clock();
    const dt = Math.max(0, now - this.last);
    this.last = now;
    const step = this.maxVelocity * dt;
    for (let j = 0; j < this.jointCount; j++) {
      if (!this.torque[j]) continue;
      const d = this.targets[j] - this.positions[j];
      this.positions[j] += Math.abs(d) <= step ? d : Math.sign(d) * step;
    }
  }
}
