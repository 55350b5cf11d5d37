// The safety layer between profile and bus: every target is clamped into the joint's limits, and no
// joint is asked to move faster than its maximum velocity since the last command. It reports what it
// actually sends and which joints it had to clip, so recorders store the truth.

export interface TargetLimits {
  lower: Float64Array;
  upper: Float64Array;
  /** rad/s per joint. */
  maxVelocity: Float64Array;
}

/** Longest gap credited to the velocity budget: after a pause the arm still starts gently. */
export const MAX_STEP_SECONDS = 0.05;

/**
 * Clip `requested` into `out`. `previous` is what was last sent (or the present position) and `dt` the
 * seconds since then. Returns a bit per joint: 1 = position-limited, 2 = velocity-limited.
 * Non-finite requests hold the previous value (flag 4) rather than passing NaN to a servo.
 */
export function filterTargets(
  requested: Float64Array,
  previous: Float64Array,
  dt: number,
  limits: TargetLimits,
  out: Float64Array,
  flags: Uint8Array,
): boolean {
  const step = Math.min(Math.max(dt, 0), MAX_STEP_SECONDS);
  let clipped = false;
  for (let i = 0; i < requested.length; i++) {
    let f = 0;
    let x = requested[i];
    if (!Number.isFinite(x)) {
      x = previous[i];
      f |= 4;
    }
    if (x < limits.lower[i]) {
      x = limits.lower[i];
      f |= 1;
    } else if (x > limits.upper[i]) {
      x = limits.upper[i];
      f |= 1;
    }
    const maxDelta = limits.maxVelocity[i] * step;
    const d = x - previous[i];
    if (d > maxDelta) {
      x = previous[i] + maxDelta;
      f |= 2;
    } else if (d < -maxDelta) {
      x = previous[i] - maxDelta;
      f |= 2;
    }
    out[i] = x;
    flags[i] = f;
    if (f) clipped = true;
  }
  return clipped;
}
