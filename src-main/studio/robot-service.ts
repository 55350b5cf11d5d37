import {
  type ConnectRequest,
  ErrorCodes,
  PraxisError,
  type PraxisErrorData,
  type RobotDescription,
  type RobotProfileSummary,
  type RobotSourceOption,
  type RobotStatus,
  toErrorData,
} from '../api';
import { type CommandSource, type GatedRobot, type GateVerdict, gatedRobotFromLink, type RobotProfile } from '../robot';
import type { SessionClock } from './clock';
import { JointStateCursor, LatestValueCursor } from './cursors';
import type { JointSample, RobotSource } from './robot-source';

export interface RobotSourceFactories {
  sim(request: Extract<ConnectRequest, { kind: 'sim' }>, clock: SessionClock): Promise<RobotSource>;
  serial?(request: Extract<ConnectRequest, { kind: 'serial' }>, clock: SessionClock): Promise<RobotSource>;
  /** Extra entries for the Connect panel (serial ports found on this machine). */
  listPorts?(): Promise<RobotSourceOption[]>;
  /** Robot profiles a serial connection can use. */
  profiles?(): Promise<RobotProfileSummary[]>;
  /** The same profiles in full, by id. */
  profileMap?(): Promise<Readonly<Record<string, RobotProfile>>>;
}

/** How often buffered joint states are offered to clients. */
const FLUSH_HZ = 30;
/** Per-client ring capacity: ~2.5 s at 200 Hz; older samples are dropped and counted. */
const CLIENT_BUFFER_SAMPLES = 512;

/**
 * The connected robot, whichever kind it is, and its fan-out to every client. One source at a time;
 * connecting another disconnects the first. Sources never wait for clients: each client has its own
 * bounded buffer.
 */
export class RobotService {
  private source: RobotSource | null = null;
  private unsubscribeSource: (() => void)[] = [];
  private readonly jointCursors = new Set<JointStateCursor>();
  private readonly statusCursors = new Set<LatestValueCursor<RobotStatus>>();
  private readonly sampleListeners = new Set<(s: JointSample) => void>();
  private readonly sourceListeners = new Set<(source: RobotSource | null) => void | Promise<void>>();
  private flushTimer: ReturnType<typeof setInterval> | null = null;
  private status: RobotStatus = { connection: 'disconnected', robotId: null, rateHz: 0, estopped: false, blocked: [], lastError: null };
  /** Which joints the last sample said were blocked, as a key, so the status changes only when they do. */
  private blockedKey = '';
  private rateWindow: number[] = [];
  private rateTimer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly factories: RobotSourceFactories,
    private readonly clock: SessionClock,
  ) {}

  /** The simulator and every serial port; when the ports cannot be listed, the simulator still is, with the reason. */
  async sources(): Promise<{ sources: RobotSourceOption[]; portsError: PraxisErrorData | null }> {
    const sources: RobotSourceOption[] = [
      {
        kind: 'sim',
        id: 'sim:so101',
        displayName: 'Simulated SO-101 arm',
        detail: 'MuJoCo physics, 6 joints, a cube on the table. No hardware needed.',
      },
    ];
    let portsError: PraxisErrorData | null = null;
    if (this.factories.listPorts) {
      try {
        sources.push(...(await this.factories.listPorts()));
      } catch (e) {
        portsError = toErrorData(e);
      }
    }
    return { sources, portsError };
  }

  async connect(request: ConnectRequest): Promise<RobotDescription> {
    await this.disconnect();
    this.setStatus({ connection: 'connecting', lastError: null, estopped: false });
    let source: RobotSource;
    try {
      if (request.kind === 'sim') source = await this.factories.sim(request, this.clock);
      else if (this.factories.serial) source = await this.factories.serial(request, this.clock);
      else
        throw new PraxisError(
          ErrorCodes.PORT_NOT_FOUND,
          'Serial robots are not available in this build.',
          'Use the simulated arm, or update Praxis Studio.',
        );
      this.source = source;
      this.unsubscribeSource.push(source.onSample((s) => this.onSample(s)));
      if (source.onError) this.unsubscribeSource.push(source.onError((e) => this.setStatus({ lastError: errorSummary(e) })));
      if (source.onConnection) {
        this.unsubscribeSource.push(
          source.onConnection((connection) => {
            if (this.source === source && this.status.connection !== 'connecting') this.setStatus({ connection });
          }),
        );
      }
      await source.start();
    } catch (e) {
      this.source = null;
      this.setStatus({ connection: 'disconnected', lastError: errorSummary(e) });
      throw e;
    }
    this.startTimers();
    for (const l of this.sourceListeners) await l(source);
    const description = source.describe();
    this.setStatus({ connection: 'connected', robotId: description.id });
    return description;
  }

  async disconnect(): Promise<void> {
    const source = this.source;
    this.source = null;
    for (const off of this.unsubscribeSource) off();
    this.unsubscribeSource = [];
    this.stopTimers();
    if (source) for (const l of this.sourceListeners) await l(null);
    if (source) await source.stop();
    this.rateWindow = [];
    this.blockedKey = '';
    this.setStatus({ connection: 'disconnected', robotId: null, rateHz: 0, estopped: false, blocked: [] });
  }

  describe(): RobotDescription {
    return this.requireSource().describe();
  }

  getStatus(): RobotStatus {
    return this.status;
  }

  /**
   * Targets from an API call, through the robot's safety gate: returns what was sent, or throws the gate's
   * refusal (ESTOP while e-stopped). With the control loop running the studio routes UI targets to the
   * sliders instead (studio.ts), so the loop's gate sees them.
   */
  setTargets(positions: number[]): number[] {
    const verdict = this.command(positions, 'api');
    if (!verdict.sent) throw PraxisError.fromData(verdict.refusal as PraxisErrorData);
    return Array.from(verdict.sent);
  }

  /**
   * Send joint targets through the connected robot's one safety gate, tagged with who sends them (the
   * planner's executor: 'planner'; a task script: 'script'); the verdict says what was sent or why not.
   */
  command(targets: ArrayLike<number>, source: CommandSource): GateVerdict {
    const robot = this.requireSource();
    if (!robot.command) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'This robot source cannot be controlled.', 'Connect a follower arm or the simulator.');
    }
    return robot.command(targets, source);
  }

  /**
   * The connected robot, sim or serial, as a GatedRobot (robot/gated-robot.ts) for in-studio executors.
   * Its close() does nothing: the studio owns the connection.
   */
  gated(): GatedRobot {
    const link = this.requireSource().link;
    if (!link) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'This robot source cannot be controlled.', 'Connect a follower arm or the simulator.');
    return gatedRobotFromLink(link, async () => undefined);
  }

  setJointTarget(joint: string, position: number): number[] {
    const source = this.requireSource();
    const description = source.describe();
    const index = description.joints.findIndex((j) => j.name === joint);
    if (index < 0) {
      throw new PraxisError(
        ErrorCodes.INVALID_ARGUMENT,
        `No joint named "${joint}" on ${description.displayName}.`,
        `Joints are: ${description.joints.map((j) => j.name).join(', ')}.`,
      );
    }
    const latest = this.latestTargets ?? new Float64Array(description.joints.length);
    const next = Array.from(latest);
    next[index] = position;
    return this.setTargets(next);
  }

  async setTorque(on: boolean): Promise<void> {
    const source = this.requireSource();
    if (!source.setTorque) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'This robot source has no torque switch.', 'The simulator always holds its joints.');
    }
    await source.setTorque(on);
  }

  reset(): void {
    const source = this.requireSource();
    if (!source.reset) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'This robot source cannot be reset.');
    source.reset();
  }

  estop(): void {
    this.source?.estop();
    this.setStatus({ estopped: true });
  }

  release(): void {
    this.source?.release();
    this.setStatus({ estopped: false });
  }

  /** Told when a robot connects (its source) and disconnects (null), before the source stops. */
  onSourceChange(listener: (source: RobotSource | null) => void | Promise<void>): () => void {
    this.sourceListeners.add(listener);
    return () => this.sourceListeners.delete(listener);
  }

  /** The connected source (for services that need its kind, like calibration). */
  get currentSource(): RobotSource | null {
    return this.source;
  }

  get estopped(): boolean {
    return this.status.estopped;
  }

  /** The latest sample's joint positions, or null before the first. */
  get latestPosition(): Float64Array | null {
    return this.latest;
  }

  /** In-process consumers (recorder, planner) get every sample, unbatched. */
  onSample(listener: (s: JointSample) => void): () => void;
  onSample(sample: JointSample): void;
  onSample(arg: JointSample | ((s: JointSample) => void)): (() => void) | undefined {
    if (typeof arg === 'function') {
      this.sampleListeners.add(arg);
      return () => this.sampleListeners.delete(arg);
    }
    this.latestTargets = arg.targets;
    this.latest = arg.position;
    if (arg.tracking) this.trackBlocked(arg);
    this.rateWindow.push(arg.t);
    for (const c of this.jointCursors) c.push(arg);
    for (const l of this.sampleListeners) l(arg);
    return undefined;
  }

  private latestTargets: Float64Array | null = null;
  private latest: Float64Array | null = null;

  openJointStream(): JointStateCursor {
    const cursor: JointStateCursor = new JointStateCursor(CLIENT_BUFFER_SAMPLES, () => this.jointCursors.delete(cursor));
    this.jointCursors.add(cursor);
    return cursor;
  }

  openStatusStream(): LatestValueCursor<RobotStatus> {
    const cursor: LatestValueCursor<RobotStatus> = new LatestValueCursor(this.status, () => this.statusCursors.delete(cursor));
    this.statusCursors.add(cursor);
    return cursor;
  }

  /** For tests and diagnostics: samples held for each client. */
  bufferedPerClient(): number[] {
    return [...this.jointCursors].map((c) => c.buffered);
  }

  private requireSource(): RobotSource {
    if (!this.source) {
      throw new PraxisError(ErrorCodes.NOT_CONNECTED, 'No robot is connected.', 'Open the Connect panel and choose a robot.');
    }
    return this.source;
  }

  /** Publish the blocked joints when the set changes (the tracking error itself rides on the joint stream). */
  private trackBlocked(sample: JointSample): void {
    const blocked = sample.tracking?.blocked;
    if (!blocked) return;
    let key = '';
    for (let j = 0; j < blocked.length; j++) if (blocked[j]) key += `${j},`;
    if (key === this.blockedKey) return;
    this.blockedKey = key;
    const names = this.source?.describe().joints ?? [];
    const list: RobotStatus['blocked'] = [];
    for (let j = 0; j < blocked.length; j++) {
      if (blocked[j]) list.push({ joint: names[j]?.name ?? `joint ${j}`, target: sample.targets[j], position: sample.position[j] });
    }
    this.setStatus({ blocked: list });
  }

  private setStatus(patch: Partial<RobotStatus>): void {
    this.status = { ...this.status, ...patch };
    for (const c of this.statusCursors) c.offer(this.status);
  }

  private startTimers(): void {
    this.flushTimer = setInterval(() => {
      for (const c of this.jointCursors) c.flush();
    }, 1000 / FLUSH_HZ);
    this.rateTimer = setInterval(() => {
      const now = this.clock.elapsed();
      this.rateWindow = this.rateWindow.filter((t) => t > now - 1);
      const rate = this.rateWindow.length;
      if (Math.abs(rate - this.status.rateHz) >= 1) this.setStatus({ rateHz: rate });
    }, 500);
  }

  private stopTimers(): void {
    if (this.flushTimer) clearInterval(this.flushTimer);
    if (this.rateTimer) clearInterval(this.rateTimer);
    this.flushTimer = null;
    this.rateTimer = null;
  }
}

function errorSummary(e: unknown): RobotStatus['lastError'] {
  const d = toErrorData(e);
  return { code: d.code, message: d.message, hint: d.hint };
}
