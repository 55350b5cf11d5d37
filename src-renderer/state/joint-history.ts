/**
 * A fixed-size window of joint samples for plots: time plus one series per joint, in typed arrays.
 * `view()` returns arrays in time order, the shape uPlot takes.
 */
export class JointHistory {
  private readonly t: Float64Array;
  private readonly series: Float64Array[];
  private head = 0;
  private count = 0;

  constructor(
    readonly joints: number,
    readonly capacity: number,
  ) {
    this.t = new Float64Array(capacity);
    this.series = Array.from({ length: joints }, () => new Float64Array(capacity));
  }

  push(t: number, position: ArrayLike<number>, offset = 0): void {
    const slot = (this.head + this.count) % this.capacity;
    if (this.count === this.capacity) this.head = (this.head + 1) % this.capacity;
    else this.count++;
    this.t[slot] = t;
    for (let j = 0; j < this.joints; j++) this.series[j][slot] = position[offset + j];
  }

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  /** [t, joint0, joint1, …] in time order. */
  view(): number[][] {
    const out: number[][] = [new Array(this.count)];
    for (let j = 0; j < this.joints; j++) out.push(new Array(this.count));
    for (let i = 0; i < this.count; i++) {
      const slot = (this.head + i) % this.capacity;
      out[0][i] = this.t[slot];
      for (let j = 0; j < this.joints; j++) out[j + 1][i] = this.series[j][slot];
    }
    return out;
  }
}
