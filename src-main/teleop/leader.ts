// Leader → follower: a second arm, moved by hand, whose joint positions become the follower's targets.
// Reading a serial bus is asynchronous and the control tick is not, so each tick starts at most one
// read and uses the newest completed one. A leader that stops answering (cable pulled) holds the
// follower where it is after `staleTimeoutS` rather than replaying an old pose.

import type { TeleopNotice, TeleopSource, TeleopTick } from './source';

/** The leader arm: e.g. a robot link's readJointState, in radians and the follower's joint order. */
export interface LeaderArm {
  readPositions(): Promise<ArrayLike<number>>;
}

/** A leader arm from anything with readJointState(), such as src-main/robot's RobotLink with a leader profile. */
export function leaderArmFromLink(link: { readJointState(): Promise<{ position: Float64Array }> }): LeaderArm {
  return { readPositions: async () => (await link.readJointState()).position.slice() };
}

export interface LeaderOptions {
  /** Default 0.25 s. */
  staleTimeoutS?: number;
  /** Added to the leader's positions, per joint (radians): small calibration differences between arms. */
  offsets?: readonly number[];
}

export class LeaderTeleop implements TeleopSource {
  readonly kind = 'leader';
  private readonly latest: Float64Array;
  private latestT = Number.NaN;
  /** A read finished since the last tick; it is stamped at the next tick. */
  private fresh = false;
  private reading = false;
  private active = false;
  private failures = 0;
  private lastNotice: TeleopNotice | null = null;
  private readonly staleTimeoutS: number;
  private readonly offsets: Float64Array;

  constructor(
    private readonly leader: LeaderArm,
    private readonly joints: number,
    options: LeaderOptions = {},
  ) {
    this.latest = new Float64Array(joints);
    this.staleTimeoutS = options.staleTimeoutS ?? 0.25;
    this.offsets = options.offsets ? Float64Array.from(options.offsets) : new Float64Array(joints);
  }

  activate(): void {
    this.active = true;
    this.latestT = Number.NaN;
    this.fresh = false;
    this.lastNotice = null;
  }

  deactivate(): void {
    this.active = false;
  }

  update(tick: TeleopTick, out: Float64Array): void {
    if (this.fresh) {
      this.latestT = tick.t;
      this.fresh = false;
    }
    this.read();
    if (Number.isNaN(this.latestT)) return;
    if (tick.t - this.latestT > this.staleTimeoutS) {
      this.lastNotice ??= { code: 'LEADER_STALE', message: `The leader arm has not answered for ${this.staleTimeoutS} s; holding the follower.` };
      return;
    }
    for (let j = 0; j < this.joints; j++) out[j] = this.latest[j] + this.offsets[j];
  }

  notice(): TeleopNotice | null {
    return this.lastNotice;
  }

  private read(): void {
    if (this.reading || !this.active) return;
    this.reading = true;
    this.leader.readPositions().then(
      (positions) => {
        this.reading = false;
        if (!this.active) return;
        if (positions.length !== this.joints || !Array.from(positions).every(Number.isFinite)) {
          this.lastNotice = { code: 'LEADER_ERROR', message: `The leader arm sent ${positions.length} joint values, expected ${this.joints} finite ones.` };
          return;
        }
        this.latest.set(Array.from(positions));
        this.fresh = true;
        this.failures = 0;
        this.lastNotice = null;
      },
      (error: unknown) => {
        this.reading = false;
        this.failures++;
        this.lastNotice = { code: 'LEADER_ERROR', message: `Reading the leader arm failed (${this.failures}×): ${error instanceof Error ? error.message : String(error)}` };
      },
    );
  }
}
