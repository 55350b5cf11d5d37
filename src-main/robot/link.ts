// RobotLink: one physical (or virtual) robot over one transport. Connects a profile to its bus, reads
// joint state in radians (with each joint's tracking error), sends only what its safety gate lets
// through, and keeps the arm safe across e-stop, a stalled control loop and a pulled cable (coded error →
// "lost" → automatic reconnect when the port returns). UI-agnostic: events and promises only.

import { ErrorCodes, PraxisError, type PraxisErrorData, type Seconds, seconds, toErrorData } from '../api';
import { defaultMapping, type JointMapping } from './buses/jointMapping';
import type { ServoAlert, ServoBus } from './buses/servoBus';
import type { RobotCalibration } from './calibration/calibrationData';
import { type CalibrationCheck, checkCalibration, restoreCalibration } from './calibration/calibrationCheck';
import type { JointDriver } from './drivers/jointDriver';
import { LineDriver } from './drivers/lineDriver';
import { ServoDriver } from './drivers/servoDriver';
import type { RobotProfile } from './profiles/profile';
import { type CommandSource, type GateVerdict, SafetyGate } from './safety/safety-gate';
import { TrackingMonitor, type TrackingOptions, type TrackingReport } from './safety/tracking-error';
import { Watchdog } from './safety/watchdog';
import type { WorkspaceBox } from './safety/workspace-box';
import { Listeners, type Transport, type TransportOpener } from './transports/transport';

export type LinkState = 'disconnected' | 'connecting' | 'connected' | 'lost' | 'reconnecting';

export interface JointState {
  /** Monotonic seconds on the link's clock when the reply arrived. */
  t: Seconds;
  /** Radians, profile joint order. */
  position: Float64Array;
  /** Radians per second. */
  velocity: Float64Array;
  /**
   * Target − position per joint and the blocked flags, against what the gate last sent (zeros while torque
   * is off or e-stopped). Borrowed: overwritten by the next read, copy what you keep.
   */
  tracking: TrackingReport;
}

/** A command the gate let through: what was sent (radians) and, per joint, which limit clipped it. */
export interface SentTargets extends GateVerdict {
  outcome: 'sent' | 'clipped';
  sent: Float64Array;
}

export interface RobotLinkOptions {
  profile: RobotProfile;
  /** Opens the transport; called again to reconnect. */
  open: TransportOpener;
  calibration?: RobotCalibration;
  /** Joint-state polling rate for `startPolling`, Hz. */
  pollHz?: number;
  /** Stop motion if no target arrives for this long while torque is on, ms (0 disables). */
  watchdogMs?: number;
  /** Delay between reconnect attempts, ms (0 disables reconnecting). */
  reconnectMs?: number;
  /**
   * After a lost connection comes back: `hold` (default) keeps the servos' torque as found and re-syncs
   * every goal to the present position, so a powered arm neither drops nor jumps; `off` cuts torque.
   */
  onReconnect?: 'hold' | 'off';
  /** Bus timeout beyond wire time, ms, and retries. */
  busTimeoutMs?: number;
  busRetries?: number;
  /** The end-effector box the gate keeps the tool inside, when wanted. */
  workspace?: WorkspaceBox | null;
  /** When a joint counts as blocked (tracking-error.ts). */
  tracking?: TrackingOptions;
  clock?: () => number;
}

export class RobotLink {
  readonly profile: RobotProfile;
  private readonly opts: RobotLinkOptions;
  private readonly clock: () => number;
  private linkState: LinkState = 'disconnected';
  private transport: Transport | null = null;
  private driver: JointDriver | null = null;
  /** The one safety gate every command to this robot passes; it also holds the e-stop latch. */
  readonly gate: SafetyGate;
  private readonly tracking: TrackingMonitor;
  private readonly mappings: JointMapping[];
  private pendingWrite: Float64Array | null = null;
  private writing = false;
  private torqueOn = false;
  private closing = false;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly watchdog: Watchdog | null;
  private unsubs: Array<() => void> = [];
  private readonly states = new Listeners<[LinkState]>();
  private readonly errors = new Listeners<[PraxisErrorData]>();
  private readonly samples = new Listeners<[JointState]>();
  private readonly alerts = new Listeners<[ServoAlert]>();
  /** Latest calibration check (after connect). */
  calibrationCheck: CalibrationCheck | null = null;
  latest: JointState | null = null;
  private readonly sampleTimes: number[] = [];

  constructor(opts: RobotLinkOptions) {
    this.opts = opts;
    this.profile = opts.profile;
    this.clock = opts.clock ?? (() => performance.now() / 1000);
    const js = opts.profile.joints;
    this.gate = new SafetyGate({
      jointNames: js.map((j) => j.name),
      clock: this.clock,
      limits: {
        lower: Float64Array.from(js, (j) => j.lower),
        upper: Float64Array.from(js, (j) => j.upper),
        maxVelocity: Float64Array.from(js, (j) => j.maxVelocity),
        workspace: opts.workspace ?? null,
      },
    });
    this.tracking = new TrackingMonitor(js.length, opts.tracking);
    this.mappings = js.map((j) => {
      const c = opts.calibration?.joints[j.name];
      return c ? { zeroTick: c.zeroTick, direction: c.direction, ticksPerTurn: 4096 } : { ...defaultMapping(), direction: j.direction };
    });
    const wd = opts.watchdogMs ?? 250;
    this.watchdog = wd > 0 ? new Watchdog(wd, () => void this.onStall()) : null;
  }

  get state(): LinkState {
    return this.linkState;
  }
  get estopped(): boolean {
    return this.gate.estopped;
  }
  get torqueEnabled(): boolean {
    return this.torqueOn;
  }
  get ids(): number[] {
    return this.profile.joints.map((j) => j.servoId);
  }
  /** The servo bus, for tools (register reads, calibration); null while not connected or for line-protocol boards. */
  get servoBus(): ServoBus | null {
    return this.driver instanceof ServoDriver ? this.driver.bus : null;
  }

  onState(l: (s: LinkState) => void) {
    return this.states.add(l);
  }
  onError(l: (e: PraxisErrorData) => void) {
    return this.errors.add(l);
  }
  onJointState(l: (s: JointState) => void) {
    return this.samples.add(l);
  }
  onAlert(l: (a: ServoAlert) => void) {
    return this.alerts.add(l);
  }

  async connect(): Promise<void> {
    if (this.linkState === 'connected') return;
    this.closing = false;
    this.setState('connecting');
    try {
      await this.attach();
      this.setState('connected');
    } catch (e) {
      this.setState('disconnected');
      throw e;
    }
  }

  /** Open the transport, verify the device is the profile's robot, check calibration, and hold position. */
  private async attach(): Promise<void> {
    const transport = await this.opts.open();
    const driver: JointDriver =
      this.profile.protocol === 'line'
        ? new LineDriver(transport, this.profile)
        : new ServoDriver(transport, this.profile, this.mappings, { timeoutMs: this.opts.busTimeoutMs, retries: this.opts.busRetries });
    try {
      await driver.verify();
      this.calibrationCheck =
        this.opts.calibration && driver instanceof ServoDriver ? await checkCalibration(driver.bus, this.profile, this.opts.calibration) : null;
      if (this.calibrationCheck && !this.calibrationCheck.matches) this.errors.emit(this.calibrationCheck.error as PraxisErrorData);
      // Whatever the device was doing, make the goal the present position so nothing jumps.
      await driver.holdPresent();
      this.torqueOn = await driver.readTorque();
      this.unsubs = [
        transport.onClose((err) => this.onLost(err)),
        driver.onAlert((a) => this.alerts.emit(a)),
        driver.onDeviceError((e) => this.errors.emit(e)),
      ];
      this.transport = transport;
      this.driver = driver;
      this.gate.forget();
    } catch (e) {
      await driver.close().catch(() => {});
      throw e;
    }
  }

  private requireIo(): JointDriver {
    if (this.linkState !== 'connected' || !this.driver) throw this.notConnected();
    return this.driver;
  }

  async readJointState(into?: JointState): Promise<JointState> {
    const io = this.requireIo();
    const n = this.ids.length;
    const s = into ?? { t: seconds(0), position: new Float64Array(n), velocity: new Float64Array(n), tracking: this.tracking.report };
    await io.readState(s.position, s.velocity);
    s.t = seconds(this.clock());
    // Only a held joint has a target to miss: limp or e-stopped joints report no error.
    const holding = this.torqueOn && !this.gate.estopped;
    s.tracking = this.tracking.update(s.t, holding ? this.gate.lastSent : null, s.position);
    this.latest = s;
    this.sampleTimes.push(s.t);
    if (this.sampleTimes.length > 4096) this.sampleTimes.shift();
    return s;
  }

  /**
   * Send joint targets (radians, profile order) through the gate and wait until they are written. Throws the
   * gate's refusal (ESTOP, INVALID_ARGUMENT) as a PraxisError; the verdict reaches `gate.onVerdict` either way.
   */
  async sendTargets(targets: Float64Array, source: CommandSource = 'api'): Promise<SentTargets> {
    this.refuseLeader();
    const io = this.requireIo();
    const present = this.gate.lastSent || this.gate.estopped ? null : (await this.readJointState()).position.slice();
    const verdict = this.gate.pass(targets, source, present);
    if (!verdict.sent) throw PraxisError.fromData(verdict.refusal as PraxisErrorData);
    await io.writeTargets(verdict.sent);
    if (this.torqueOn) this.watchdog?.kick();
    return verdict as SentTargets;
  }

  /**
   * The control loop's way in: judge at once (the verdict is returned synchronously, so a 50 Hz loop learns
   * what was sent in the same tick) and write without waiting. While a write is on the wire only the newest
   * command waits behind it, so a slow bus drops stale targets instead of queueing them. The step starts
   * from the last sent target, or from the latest polled position after a torque change or reconnect.
   */
  command(targets: ArrayLike<number>, source: CommandSource): GateVerdict {
    if (this.profile.role === 'leader') return this.gate.refuse(targets, source, leaderRefusal(this.profile.displayName));
    if (this.linkState !== 'connected' || !this.driver) return this.gate.refuse(targets, source, this.notConnected().toData());
    const verdict = this.gate.pass(targets, source, this.latest?.position ?? null);
    if (!verdict.sent) return verdict;
    this.pendingWrite = verdict.sent;
    if (!this.writing) void this.drainWrites();
    if (this.torqueOn) this.watchdog?.kick();
    return verdict;
  }

  private async drainWrites(): Promise<void> {
    this.writing = true;
    try {
      while (this.pendingWrite && this.driver && !this.gate.estopped) {
        const next = this.pendingWrite;
        this.pendingWrite = null;
        await this.driver.writeTargets(next);
      }
    } catch (e) {
      if (this.linkState === 'connected') this.errors.emit(toErrorData(e));
    } finally {
      this.writing = false;
    }
  }

  private refuseLeader(): void {
    if (this.profile.role === 'leader') throw PraxisError.fromData(leaderRefusal(this.profile.displayName));
  }

  private notConnected(): PraxisError {
    return new PraxisError(ErrorCodes.NOT_CONNECTED, `${this.profile.displayName} is ${this.linkState}.`, 'Connect the robot first (or wait for it to reconnect).');
  }

  async torque(on: boolean): Promise<void> {
    if (on && this.gate.estopped) throw new PraxisError(ErrorCodes.ESTOP, 'Emergency stop is engaged.', 'Clear the e-stop before enabling torque.');
    if (on && this.profile.role === 'leader')
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'Leader arms keep torque off so they can be moved by hand.', 'Enable torque on the follower.');
    const io = this.requireIo();
    if (on) await io.holdPresent();
    await io.setTorque(on);
    this.torqueOn = on;
    this.gate.forget();
    if (!on) this.watchdog?.disarm();
  }

  /** Latch the e-stop and cut torque; the latch holds across reconnects until `clearEstop`. */
  async estop(): Promise<void> {
    this.gate.estop();
    this.pendingWrite = null;
    this.watchdog?.disarm();
    this.torqueOn = false;
    const d = this.driver;
    if (d) await (d.estop ? d.estop() : d.setTorque(false)).catch((e) => this.errors.emit(toErrorData(e)));
    this.errors.emit({ code: ErrorCodes.ESTOP, message: 'Emergency stop: torque is off.', hint: 'Clear the e-stop, then enable torque again.' });
  }

  clearEstop(): void {
    this.gate.release();
  }

  /**
   * The answer to CALIBRATION_MISMATCH when it is the same arm: write the saved calibration back to the
   * servos (torque goes off), then check again. The other answer is a new CalibrationProcedure.
   */
  async restoreCalibration(): Promise<CalibrationCheck> {
    const cal = this.opts.calibration;
    const bus = this.servoBus;
    if (!cal || !bus) throw new PraxisError(ErrorCodes.NOT_CONNECTED, 'No saved calibration, or no servo bus connected.', 'Connect a servo-bus robot that has a saved calibration.');
    this.watchdog?.disarm();
    await restoreCalibration(bus, this.profile, cal);
    this.torqueOn = false;
    this.gate.forget();
    this.calibrationCheck = await checkCalibration(bus, this.profile, cal);
    return this.calibrationCheck;
  }

  /** Joint-state samples per second over the last second of polling. */
  get rateHz(): number {
    const now = this.clock();
    while (this.sampleTimes.length && now - this.sampleTimes[0] > 1) this.sampleTimes.shift();
    return this.sampleTimes.length;
  }

  startPolling(hz = this.opts.pollHz ?? 100): void {
    this.stopPolling();
    const period = 1 / hz;
    let next = this.clock();
    const tick = async () => {
      if (this.linkState === 'connected') {
        try {
          this.samples.emit(await this.readJointState());
        } catch (e) {
          if (this.linkState === 'connected') this.errors.emit(toErrorData(e));
        }
      }
      if (!this.pollTimer) return;
      next += period;
      const now = this.clock();
      if (next < now) next = now; // fell behind: do not burst to catch up
      this.pollTimer = setTimeout(tick, Math.max(0, (next - now) * 1000));
    };
    this.pollTimer = setTimeout(tick, 0);
  }

  stopPolling(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  /**
   * Torque goes off before the port closes, so a closed studio never leaves an arm stiff under power.
   * `keepTorque` is for one-shot tools (`praxis robot write`) whose whole point is to leave the arm holding.
   */
  async disconnect(opts: { keepTorque?: boolean } = {}): Promise<void> {
    this.closing = true;
    this.stopPolling();
    this.watchdog?.disarm();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    if (!opts.keepTorque && this.driver && this.transport?.isOpen) await this.driver.setTorque(false).catch(() => {});
    this.torqueOn = false;
    await this.detach();
    this.setState('disconnected');
  }

  private async detach(): Promise<void> {
    for (const u of this.unsubs) u();
    this.unsubs = [];
    const driver = this.driver;
    this.driver = null;
    this.transport = null;
    if (driver) await driver.close().catch(() => {});
  }

  private onLost(err: PraxisError | undefined): void {
    if (this.closing) return;
    this.watchdog?.disarm();
    // Torque-safe: forget targets; after reconnect the goal is re-synced to the present position.
    this.gate.forget();
    this.pendingWrite = null;
    this.errors.emit(
      err?.toData() ?? { code: ErrorCodes.PORT_CLOSED, message: 'The robot connection closed.', hint: 'Check the cable; Praxis reconnects by itself.' },
    );
    this.setState('lost');
    void this.detach();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const ms = this.opts.reconnectMs ?? 500;
    if (ms <= 0 || this.closing) return;
    this.reconnectTimer = setTimeout(async () => {
      this.reconnectTimer = null;
      if (this.closing) return;
      this.setState('reconnecting');
      try {
        await this.attach();
        if ((this.gate.estopped || this.opts.onReconnect === 'off') && this.driver) {
          await this.driver.setTorque(false);
          this.torqueOn = false;
        }
        this.setState('connected');
      } catch {
        // Port not back yet (PORT_NOT_FOUND) or servos unpowered: keep trying quietly.
        if (!this.closing) this.scheduleReconnect();
      }
    }, ms);
  }

  private async onStall(): Promise<void> {
    if (!this.torqueOn || this.linkState !== 'connected' || !this.driver) return;
    this.gate.forget();
    try {
      await this.driver.holdPresent();
    } catch (e) {
      this.errors.emit(toErrorData(e));
    }
    this.errors.emit({
      code: ErrorCodes.WATCHDOG,
      message: `No joint targets for ${this.watchdog?.timeoutMs} ms: the arm was stopped where it stands.`,
      hint: 'The control loop stalled (teleop or policy stopped sending). Send targets again to resume.',
    });
  }

  private setState(s: LinkState): void {
    if (s === this.linkState) return;
    this.linkState = s;
    this.states.emit(s);
  }
}

function leaderRefusal(name: string): PraxisErrorData {
  return { code: ErrorCodes.INVALID_ARGUMENT, message: `${name} is a leader arm; it is moved by hand.`, hint: 'Send targets to a follower profile.' };
}
