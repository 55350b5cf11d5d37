// The robot's recent states, each stamped with the session time it arrived at, so a frame can be sampled at
// its scheduled time even when the loop ran late or missed ticks. Values between two real samples are
// interpolated (positions, velocities, object poses; quaternions normalised); nothing is ever extrapolated
// past the newest sample, and two samples further apart than the caller allows are a gap, not a line.

import type { RobotObservation } from './observation';

export type StateAt =
  | { kind: 'ok' }
  /** `t` is after the newest sample: not known yet. */
  | { kind: 'ahead'; newestT: number }
  /** The samples around `t` are `toT - fromT` apart, more than allowed (or `t` is before the oldest kept). */
  | { kind: 'gap'; fromT: number; toT: number };

/** Samples kept: 2.5 s at a 200 Hz source, far more than a frame ever waits. */
const CAPACITY = 512;

export class StateHistory {
  private readonly times = new Float64Array(CAPACITY);
  private readonly values: Float64Array;
  private readonly width: number;
  private next = 0;
  private count = 0;

  constructor(
    private readonly joints: number,
    private readonly objects: number,
  ) {
    this.width = 2 * joints + 7 * objects;
    this.values = new Float64Array(CAPACITY * this.width);
  }

  get size(): number {
    return this.count;
  }

  get newestT(): number {
    return this.count ? this.times[(this.next - 1 + CAPACITY) % CAPACITY] : Number.NEGATIVE_INFINITY;
  }

  get oldestT(): number {
    return this.count ? this.times[(this.next - this.count + CAPACITY) % CAPACITY] : Number.POSITIVE_INFINITY;
  }

  /** Forget everything (the scene was reset: older states are of another episode). */
  clear(): void {
    this.count = 0;
  }

  /** Keeps a copy of `obs`, arrived at `t`. A sample not newer than the newest replaces it. */
  push(t: number, obs: RobotObservation): void {
    let slot = this.next;
    if (this.count && t <= this.newestT) {
      slot = (this.next - 1 + CAPACITY) % CAPACITY;
      t = this.newestT; // times stay strictly increasing
    } else {
      this.next = (this.next + 1) % CAPACITY;
      this.count = Math.min(this.count + 1, CAPACITY);
    }
    this.times[slot] = t;
    let o = slot * this.width;
    const v = this.values;
    for (let j = 0; j < this.joints; j++) v[o++] = obs.position[j];
    for (let j = 0; j < this.joints; j++) v[o++] = obs.velocity[j];
    for (let k = 0; k < this.objects; k++) {
      const p = obs.objects[k];
      v[o++] = p.position[0];
      v[o++] = p.position[1];
      v[o++] = p.position[2];
      for (let q = 0; q < 4; q++) v[o++] = p.quaternion[q];
    }
  }

  /** Writes the state at time `t` into `out` when two samples no more than `maxGapS` apart bracket it. */
  at(t: number, out: RobotObservation, maxGapS: number): StateAt {
    if (this.count === 0) return { kind: 'ahead', newestT: Number.NEGATIVE_INFINITY };
    const newest = this.newestT;
    if (t > newest) return { kind: 'ahead', newestT: newest };
    if (t < this.oldestT) return { kind: 'gap', fromT: Number.NEGATIVE_INFINITY, toT: this.oldestT };
    // Binary search over ring positions 0 (oldest) … count-1 (newest) for the first sample at or after t.
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.timeAt(mid) >= t) hi = mid;
      else lo = mid + 1;
    }
    const after = lo;
    const tb = this.timeAt(after);
    if (tb === t || after === 0) {
      this.read(after, after, 0, out);
      return { kind: 'ok' };
    }
    const ta = this.timeAt(after - 1);
    if (tb - ta > maxGapS) return { kind: 'gap', fromT: ta, toT: tb };
    this.read(after - 1, after, (t - ta) / (tb - ta), out);
    return { kind: 'ok' };
  }

  private slotOf(position: number): number {
    return (this.next - this.count + position + CAPACITY) % CAPACITY;
  }

  private timeAt(position: number): number {
    return this.times[this.slotOf(position)];
  }

  /** out = lerp(sample a, sample b, w); quaternions the short way round and normalised. */
  private read(a: number, b: number, w: number, out: RobotObservation): void {
    const v = this.values;
    let oa = this.slotOf(a) * this.width;
    let ob = this.slotOf(b) * this.width;
    const lerp = () => v[oa++] * (1 - w) + v[ob++] * w;
    for (let j = 0; j < this.joints; j++) out.position[j] = lerp();
    for (let j = 0; j < this.joints; j++) out.velocity[j] = lerp();
    for (let k = 0; k < this.objects; k++) {
      const p = out.objects[k];
      for (let c = 0; c < 3; c++) p.position[c] = lerp();
      let dot = 0;
      for (let q = 0; q < 4; q++) dot += v[oa + q] * v[ob + q];
      const sign = dot < 0 ? -1 : 1;
      let norm = 0;
      for (let q = 0; q < 4; q++) {
        const value = v[oa + q] * (1 - w) + sign * v[ob + q] * w;
        p.quaternion[q] = value;
        norm += value * value;
      }
      oa += 4;
      ob += 4;
      norm = Math.sqrt(norm) || 1;
      for (let q = 0; q < 4; q++) p.quaternion[q] /= norm;
    }
  }
}
