import type { JointStateBatch, ObjectPose } from '../api';
import type { JointSample } from './robot-source';

/**
 * A per-subscriber ring buffer of joint-state samples. The producer pushes at the source rate; the
 * transport drains a batch whenever the subscriber has credit. If the subscriber stalls the buffer
 * stays at its fixed capacity, dropping the oldest samples and counting them: memory is bounded and
 * the producer never waits.
 */
export class StateBatcher {
  private readonly t: Float64Array;
  private readonly position: Float64Array;
  private readonly velocity: Float64Array;
  private head = 0; // index of the oldest sample
  private count = 0;
  private dropped = 0;
  private latestTargets: Float64Array;
  private latestObjects: readonly ObjectPose[] = [];
  private latestTracking: Float64Array | null = null;

  constructor(
    readonly joints: number,
    readonly capacity = 512,
  ) {
    this.t = new Float64Array(capacity);
    this.position = new Float64Array(capacity * joints);
    this.velocity = new Float64Array(capacity * joints);
    this.latestTargets = new Float64Array(joints);
  }

  get size(): number {
    return this.count;
  }

  push(sample: JointSample): void {
    const j = this.joints;
    let slot: number;
    if (this.count === this.capacity) {
      slot = this.head;
      this.head = (this.head + 1) % this.capacity;
      this.dropped++;
    } else {
      slot = (this.head + this.count) % this.capacity;
      this.count++;
    }
    this.t[slot] = sample.t;
    this.position.set(sample.position.subarray(0, j), slot * j);
    this.velocity.set(sample.velocity.subarray(0, j), slot * j);
    this.latestTargets = sample.targets;
    this.latestObjects = sample.objects;
    this.latestTracking = sample.tracking?.error ?? null;
  }

  /** Everything buffered since the last take, oldest first, or null when there is nothing new. */
  take(): JointStateBatch | null {
    if (this.count === 0) return null;
    const j = this.joints;
    const n = this.count;
    const t = new Array<number>(n);
    const position = new Array<number>(n * j);
    const velocity = new Array<number>(n * j);
    for (let i = 0; i < n; i++) {
      const slot = (this.head + i) % this.capacity;
      t[i] = this.t[slot];
      for (let k = 0; k < j; k++) {
        position[i * j + k] = this.position[slot * j + k];
        velocity[i * j + k] = this.velocity[slot * j + k];
      }
    }
    const batch: JointStateBatch = {
      joints: j,
      t,
      position,
      velocity,
      targets: Array.from(this.latestTargets),
      trackingError: this.latestTracking ? Array.from(this.latestTracking) : [],
      objects: [...this.latestObjects],
      dropped: this.dropped,
    };
    this.head = 0;
    this.count = 0;
    this.dropped = 0;
    return batch;
  }
}
