import type { JointStateBatch } from '../api';
import type { StreamCursor } from './api-connection';
import type { JointSample } from './robot-source';
import { StateBatcher } from './state-batcher';

/**
 * A cursor that only ever holds the newest value: for state that is worth nothing once superseded
 * (connection status). A slow client sees fewer updates, never a queue.
 */
export class LatestValueCursor<E> implements StreamCursor<E> {
  private pending: E | null = null;
  private ready: (() => void) | null = null;

  constructor(
    initial: E | null,
    private readonly onClose: () => void,
  ) {
    this.pending = initial;
  }

  offer(value: E): void {
    this.pending = value;
    this.ready?.();
  }

  poll(): E | null {
    const v = this.pending;
    this.pending = null;
    return v;
  }

  onReady(listener: () => void): void {
    this.ready = listener;
  }

  close(): void {
    this.ready = null;
    this.onClose();
  }
}

/**
 * Joint-state cursor: samples accumulate in a bounded ring (StateBatcher) and are offered as a batch on
 * each flush tick (~30 Hz), so a 200 Hz source costs the UI 30 messages a second and a stalled client
 * costs a fixed amount of memory.
 */
export class JointStateCursor implements StreamCursor<JointStateBatch> {
  private batcher: StateBatcher | null = null;
  private ready: (() => void) | null = null;

  constructor(
    private readonly capacity: number,
    private readonly onClose: () => void,
  ) {}

  push(sample: JointSample): void {
    if (!this.batcher || this.batcher.joints !== sample.position.length) {
      this.batcher = new StateBatcher(sample.position.length, this.capacity);
    }
    this.batcher.push(sample);
  }

  /** Buffered samples (for tests and diagnostics). */
  get buffered(): number {
    return this.batcher?.size ?? 0;
  }

  flush(): void {
    if (this.batcher && this.batcher.size > 0) this.ready?.();
  }

  poll(): JointStateBatch | null {
    return this.batcher?.take() ?? null;
  }

  onReady(listener: () => void): void {
    this.ready = listener;
  }

  close(): void {
    this.ready = null;
    this.onClose();
  }
}
