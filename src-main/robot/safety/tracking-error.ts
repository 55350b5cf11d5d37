// Tracking error: how far each joint is from the target it was sent, and whether it is blocked — far from
// its target for a while (a joint pushed against the table: target 0.90, position 1.61 rad). Computed once
// here, from the samples' own timestamps (no wall clock), and published by whoever reads the robot.

export interface TrackingOptions {
  /** |target − position| above this is "far", radians. Default 0.25 (~14°): a loaded servo lags far less. */
  farRad?: number;
  /** Far for at least this long is "blocked", seconds. Default 0.5: a fast move's lag clears sooner. */
  blockedAfterS?: number;
}

export interface TrackingReport {
  /** Per joint, target − position, radians; 0 for joints without a target (torque off). */
  error: Float64Array;
  /** Per joint, 1 when blocked. */
  blocked: Uint8Array;
  /** Per joint, seconds it has been far (0 when not). */
  farForS: Float64Array;
}

export class TrackingMonitor {
  readonly report: TrackingReport;
  private readonly farSince: Float64Array;
  private readonly farRad: number;
  private readonly blockedAfterS: number;

  constructor(
    readonly jointCount: number,
    options: TrackingOptions = {},
  ) {
    this.farRad = options.farRad ?? 0.25;
    this.blockedAfterS = options.blockedAfterS ?? 0.5;
    this.report = { error: new Float64Array(jointCount), blocked: new Uint8Array(jointCount), farForS: new Float64Array(jointCount) };
    this.farSince = new Float64Array(jointCount).fill(Number.NaN);
  }

  /**
   * One sample at time `t` (seconds): `target` is what was last sent, or null when nothing holds the joints
   * (torque off, e-stopped), which clears every error. Returns the report (reused: copy what you keep).
   */
  update(t: number, target: ArrayLike<number> | null, position: ArrayLike<number>): TrackingReport {
    const { error, blocked, farForS } = this.report;
    for (let j = 0; j < this.jointCount; j++) {
      const e = target ? target[j] - position[j] : 0;
      error[j] = Number.isFinite(e) ? e : 0;
      if (Math.abs(error[j]) > this.farRad) {
        if (Number.isNaN(this.farSince[j]) || t < this.farSince[j]) this.farSince[j] = t;
        farForS[j] = t - this.farSince[j];
      } else {
        this.farSince[j] = Number.NaN;
        farForS[j] = 0;
      }
      blocked[j] = farForS[j] >= this.blockedAfterS ? 1 : 0;
    }
    return this.report;
  }

  reset(): void {
    this.farSince.fill(Number.NaN);
    this.report.error.fill(0);
    this.report.blocked.fill(0);
    this.report.farForS.fill(0);
  }
}
