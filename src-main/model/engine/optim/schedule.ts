// Learning-rate schedules live in TypeScript: the step graph takes the rate as an input, so changing the
// schedule never rebuilds the graph.

export interface WarmupCosine {
  peak: number;
  warmupSteps: number;
  totalSteps: number;
  /** Rate at the end of the cosine, as a fraction of the peak. */
  finalFraction?: number;
}

/** Linear warm-up from 0 to `peak`, then a half cosine down to `peak·finalFraction`. `step` is 1-based. */
export function warmupCosine(s: WarmupCosine, step: number): number {
  if (s.warmupSteps > 0 && step <= s.warmupSteps) return (s.peak * step) / s.warmupSteps;
  const floor = s.peak * (s.finalFraction ?? 0);
  const span = Math.max(1, s.totalSteps - s.warmupSteps);
  const t = Math.min(1, Math.max(0, (step - s.warmupSteps) / span));
  return floor + 0.5 * (s.peak - floor) * (1 + Math.cos(Math.PI * t));
}
