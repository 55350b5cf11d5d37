import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ConnectionState, type ConnectRequest, ErrorCodes, PraxisError, type RobotDescription } from '../api';
import { type CommandSource, calibrationLoad, type GateVerdict, openSerialTransport, type RobotCalibration, RobotLink, type RobotProfile } from '../robot';
import type { SessionClock } from './clock';
import { linkCommand, linkSample } from './link-commands';
import { workspaceForProfile } from './workspace-for-profile';
import type { JointSample, RobotSource } from './robot-source';
import { stickUrdf } from './stick-urdf';

/** Joint-state polling rate of a serial arm (a 6-servo sync read takes ~0.3 ms at 1 Mbaud). */
const POLL_HZ = 100;

/**
 * A servo arm on a serial port as a robot source. Polling produces samples; commands (the studio's control
 * loop sends one every tick) go straight to the link's safety gate (limits, speed cap, workspace, e-stop),
 * so a slider jump becomes a smooth move, and a stalled loop trips the link's watchdog instead of leaving
 * the arm driving.
 */
export class SerialSource implements RobotSource {
  private readonly listeners = new Set<(s: JointSample) => void>();
  private readonly errorListeners = new Set<(e: Error) => void>();
  private readonly connectionListeners = new Set<(s: ConnectionState) => void>();
  private readonly offs: (() => void)[] = [];
  private readonly description: RobotDescription;

  /** Set while the calibration wizard owns the bus: no polling, no targets. */
  private paused = false;

  private constructor(
    readonly link: RobotLink,
    private readonly clock: SessionClock,
    urdf: string,
    private readonly request: Extract<ConnectRequest, { kind: 'serial' }>,
    /** The calibration saved for this robot (null before the first calibration). */
    readonly calibration: RobotCalibration | null,
    /** Where this robot's calibration is saved. */
    readonly calibrationDir: string | null,
  ) {
    const p = link.profile;
    this.description = {
      id: `serial:${request.port}:${p.id}`,
      displayName: `${p.displayName} on ${request.port}`,
      joints: p.joints.map((j) => ({ name: j.name, lower: j.lower, upper: j.upper })),
      capabilities: p.role === 'leader' ? ['record'] : ['control', 'record'],
      urdf,
      stateHz: POLL_HZ,
      objects: [],
    };
  }

  static async create(
    request: Extract<ConnectRequest, { kind: 'serial' }>,
    clock: SessionClock,
    profiles: Readonly<Record<string, RobotProfile>>,
    resourcesDir?: string,
    calibrationDir?: string,
  ): Promise<SerialSource> {
    const profile = profiles[request.profile];
    if (!profile) {
      throw new PraxisError(
        ErrorCodes.INVALID_ARGUMENT,
        `Unknown robot profile "${request.profile}".`,
        `Choose one of: ${Object.keys(profiles).join(', ')}, or write your own in the Editor panel.`,
      );
    }
    if (profile.protocol !== request.protocol) {
      throw new PraxisError(
        ErrorCodes.INVALID_ARGUMENT,
        `${profile.displayName} speaks ${profile.protocol}, not ${request.protocol}.`,
        `Pick the ${profile.protocol} protocol for this profile.`,
      );
    }
    const baudRate = request.baudRate ?? profile.baudRate;
    // The calibration saved for this robot maps ticks to radians, and is checked against the servos at connect.
    const calibration = calibrationDir ? await calibrationLoad(calibrationDir, profile.id).catch(() => null) : null;
    // 50 ms per try: servos answer in well under 1 ms, but USB-serial adapters batch replies (FTDI's
    // default latency timer is 16 ms) and a busy laptop adds scheduling delay; three tries before a coded error.
    const urdf = urdfFor(profile, resourcesDir);
    const link = new RobotLink({
      profile,
      open: () => openSerialTransport({ path: request.port, baudRate }),
      workspace: workspaceForProfile(profile, urdf),
      pollHz: POLL_HZ,
      busTimeoutMs: 50,
      busRetries: 3,
      calibration: calibration ?? undefined,
    });
    return new SerialSource(link, clock, urdf, request, calibration, calibrationDir ?? null);
  }

  describe(): RobotDescription {
    return this.description;
  }

  async start(): Promise<void> {
    this.offs.push(
      this.link.onJointState((s) => {
        const sample = linkSample(s, this.link, this.clock.elapsed(), []);
        for (const l of this.listeners) l(sample);
      }),
      this.link.onError((e) => {
        const err = new PraxisError(e.code, e.message, e.hint, e.details);
        for (const l of this.errorListeners) l(err);
      }),
      this.link.onState((s) => {
        for (const l of this.connectionListeners) l(s);
      }),
    );
    await this.link.connect();
    await this.link.readJointState();
    this.link.startPolling(POLL_HZ);
  }

  async stop(): Promise<void> {
    for (const off of this.offs.splice(0)) off();
    // Torque off on disconnect: an arm left holding is an arm that surprises someone later.
    await this.link.disconnect();
  }

  onSample(listener: (s: JointSample) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onError(listener: (e: Error) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  onConnection(listener: (s: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  command(targets: ArrayLike<number>, source: CommandSource): GateVerdict {
    if (this.paused) {
      return this.link.gate.refuse(targets, source, {
        code: ErrorCodes.INVALID_ARGUMENT,
        message: 'The calibration wizard has the arm: commands are refused.',
        hint: 'Finish or cancel the calibration, then move the arm again.',
      });
    }
    return linkCommand(this.link, targets, source, (e) => this.emitError(e));
  }

  async setTorque(on: boolean): Promise<void> {
    await this.link.torque(on);
  }

  estop(): void {
    void this.link.estop();
  }

  release(): void {
    this.link.clearEstop();
  }

  /** Where this source came from, for reconnecting the same way. */
  get origin(): Extract<ConnectRequest, { kind: 'serial' }> {
    return this.request;
  }

  /**
   * Hand the bus to the calibration wizard: torque off through the link (so its watchdog disarms rather
   * than "holding" a limp arm), polling and the control loop stop, targets are forgotten.
   */
  async pauseForCalibration(): Promise<void> {
    this.paused = true;
    this.link.stopPolling();
    await this.link.torque(false);
  }

  resumeAfterCalibration(): void {
    this.paused = false;
    if (this.link.state === 'connected') this.link.startPolling(POLL_HZ);
  }

  private emitError(e: unknown): void {
    const err = e instanceof Error ? e : new Error(String(e));
    for (const l of this.errorListeners) l(err);
  }
}

function urdfFor(profile: RobotProfile, resourcesDir?: string): string {
  if (resourcesDir) {
    const path = join(resourcesDir, 'robots', profile.urdf);
    if (existsSync(path)) return readFileSync(path, 'utf8');
  }
  return stickUrdf(profile.id, profile.joints);
}
