import type { JointStateBatch, ObjectPose, PraxisApi, RobotDescription, RobotStatus, TransportState } from '../../src-main/api';
import { JointHistory } from './joint-history';
import { trackingErrorOf } from './tracking';

/** Seconds of joint history the plots keep. */
const HISTORY_SECONDS = 10;

export interface RobotSnapshot {
  transport: TransportState;
  status: RobotStatus;
  description: RobotDescription | null;
  /** Bumped on every joint-state batch; components compare it to know when to redraw. */
  frame: number;
  /** The studio has reported the robot's status at least once (before that, "disconnected" is a guess). */
  statusKnown: boolean;
}

/**
 * The UI's view of the robot: description, status, latest joint state and a plot history, fed by the
 * API streams. High-rate data (positions, history) lives in typed arrays read on animation frames;
 * React re-renders only on the low-rate snapshot.
 */
export class RobotStore {
  private snapshot: RobotSnapshot = {
    transport: { connected: false },
    status: { connection: 'disconnected', robotId: null, rateHz: 0, estopped: false, blocked: [], lastError: null },
    description: null,
    frame: 0,
    statusKnown: false,
  };
  private readonly listeners = new Set<() => void>();
  position = new Float64Array(0);
  velocity = new Float64Array(0);
  targets = new Float64Array(0);
  /** Target − position per joint (rad), as the safety gate computed it; zeros until the studio sends it. */
  trackingError = new Float64Array(0);
  objects: ObjectPose[] = [];
  latestT = 0;
  history: JointHistory | null = null;
  /** Joint velocities over the same window, for the plot's dashed lines. */
  velocityHistory: JointHistory | null = null;
  droppedSamples = 0;

  constructor(readonly api: PraxisApi) {
    api.onTransport((transport) => this.patch({ transport }));
    api.subscribe('robot.status', (status) => {
      const wasConnected = this.snapshot.status.connection === 'connected';
      this.patch({ status, statusKnown: true });
      if (status.connection === 'connected' && (!wasConnected || !this.snapshot.description)) void this.refreshDescription();
      if (status.connection === 'disconnected') this.patch({ description: null });
    });
    api.subscribe('robot.jointState', (batch) => this.ingest(batch));
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): RobotSnapshot => this.snapshot;

  async refreshDescription(): Promise<void> {
    try {
      const description = await this.api.call('robot.describe', {});
      this.setDescription(description);
    } catch {
      // Not connected yet: the status stream will call again.
    }
  }

  setDescription(description: RobotDescription): void {
    const n = description.joints.length;
    if (this.position.length !== n) {
      this.position = new Float64Array(n);
      this.velocity = new Float64Array(n);
      this.targets = new Float64Array(n);
      this.trackingError = new Float64Array(n);
    }
    this.history = new JointHistory(n, Math.ceil(description.stateHz * HISTORY_SECONDS));
    this.velocityHistory = new JointHistory(n, Math.ceil(description.stateHz * HISTORY_SECONDS));
    this.patch({ description });
  }

  private ingest(batch: JointStateBatch): void {
    const n = batch.joints;
    const samples = batch.t.length;
    if (samples === 0 || n === 0) return;
    if (this.position.length !== n) {
      this.position = new Float64Array(n);
      this.velocity = new Float64Array(n);
      this.targets = new Float64Array(n);
      this.trackingError = new Float64Array(n);
    }
    if (this.history && this.history.joints === n) {
      for (let i = 0; i < samples; i++) this.history.push(batch.t[i], batch.position, i * n);
    }
    if (this.velocityHistory && this.velocityHistory.joints === n) {
      for (let i = 0; i < samples; i++) this.velocityHistory.push(batch.t[i], batch.velocity, i * n);
    }
    const last = (samples - 1) * n;
    for (let j = 0; j < n; j++) {
      this.position[j] = batch.position[last + j];
      this.velocity[j] = batch.velocity[last + j];
    }
    if (batch.targets.length === n) this.targets.set(batch.targets);
    const tracking = trackingErrorOf(batch, n);
    if (tracking) this.trackingError.set(tracking);
    this.objects = batch.objects;
    this.latestT = batch.t[samples - 1];
    this.droppedSamples += batch.dropped;
    this.patch({ frame: this.snapshot.frame + 1 });
  }

  private patch(p: Partial<RobotSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...p };
    for (const l of this.listeners) l();
  }
}
