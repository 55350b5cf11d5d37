// The gated robot: the small surface a planner's executor or a task script drives a robot through. Every
// command goes through the robot's one SafetyGate (limits, speed cap, workspace box, e-stop) and the
// verdict comes back at once. Built on a connected RobotLink; see the usage below.

import { ErrorCodes, PraxisError } from '../api';
import { type JointState, RobotLink } from './link';
import { openSerialTransport } from './transports/serial';
import type { RobotProfile } from './profiles/profile';
import type { RobotCalibration } from './calibration/calibrationData';
import type { CommandSource, GateVerdict } from './safety/safety-gate';
import type { TrackingOptions } from './safety/tracking-error';
import type { WorkspaceBox } from './safety/workspace-box';

/**
 * A robot every command of which passes the safety gate.
 *
 * ```ts
 * // CLI, `praxis plan --robot /dev/ttyACM0`:
 * const robot = await gatedSerialRobotOpen({ port: '/dev/ttyACM0', profile: BUILTIN_PROFILES.so101_follower });
 * // CLI, `praxis plan --robot sim` (from src-main/sim):  const robot = await gatedSimRobotOpen();
 * // In the studio: `studio.robot.gated()` is the connected robot, sim or serial, as a GatedRobot.
 * const off = robot.onJointState((s) => plan(s.position, s.tracking.blocked));
 * const v = robot.command(Float64Array.of(0, 0.3, -0.2, 0, 0, 0.5), 'planner');
 * if (v.outcome === 'refused') stop(v.refusal);            // ESTOP, NOT_CONNECTED, INVALID_ARGUMENT
 * else if (v.outcome === 'clipped') note(v.sent, v.clipped); // per joint JointClip bits
 * await robot.close();                                     // torque off, port closed
 * ```
 * Send at the control rate (e.g. 50 Hz): each command moves at most maxVelocity × dt (capped at 50 ms)
 * from the last, so a far target is a ramp the caller keeps sending, and a silent caller trips the
 * link's watchdog (the arm holds where it stands).
 */
export interface GatedRobot {
  readonly jointNames: readonly string[];
  /** Joint limits, radians, in joint order. */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** Judge and send at once; the write finishes in the background. Never throws. */
  command(targets: ArrayLike<number>, source: CommandSource): GateVerdict;
  /** Like command, but resolves once written and rejects with the refusal (PraxisError). */
  send(targets: Float64Array, source: CommandSource): Promise<GateVerdict>;
  /** Newest joint state (with tracking error), or null before the first. */
  readonly latest: JointState | null;
  onJointState(listener: (s: JointState) => void): () => void;
  /** Every verdict of the gate, from every source. */
  onVerdict(listener: (v: GateVerdict) => void): () => void;
  /** Latch the e-stop (torque off, every command refused) until release(). */
  estop(): Promise<void>;
  /** Clear the latch only: torque stays off until torque(true), a deliberate second act. */
  release(): void;
  /** Servo torque; on takes the present position as the goal first, so nothing jumps. Refused (ESTOP) while latched. */
  torque(on: boolean): Promise<void>;
  readonly estopped: boolean;
  close(): Promise<void>;
}

/** A connected link as a GatedRobot; `close` is what happens when the caller is done (disconnect by default). */
export function gatedRobotFromLink(link: RobotLink, close: () => Promise<void> = () => link.disconnect()): GatedRobot {
  const joints = link.profile.joints;
  return {
    jointNames: joints.map((j) => j.name),
    lower: Float64Array.from(joints, (j) => j.lower),
    upper: Float64Array.from(joints, (j) => j.upper),
    command: (targets, source) => link.command(targets, source),
    send: (targets, source) => link.sendTargets(targets, source),
    get latest() {
      return link.latest;
    },
    onJointState: (l) => link.onJointState(l),
    onVerdict: (l) => link.gate.onVerdict(l),
    estop: () => link.estop(),
    release: () => link.clearEstop(),
    torque: (on) => link.torque(on),
    get estopped() {
      return link.estopped;
    },
    close,
  };
}

export interface GatedLinkStart {
  /** Joint-state polling rate, Hz. Default 100. */
  pollHz?: number;
}

/** Connect, read the present pose (so the first command has a start), enable torque, start polling. */
export async function gatedLinkStart(link: RobotLink, opts: GatedLinkStart = {}): Promise<void> {
  await link.connect();
  try {
    await link.readJointState();
    await link.torque(true);
    link.startPolling(opts.pollHz ?? 100);
  } catch (e) {
    await link.disconnect().catch(() => undefined);
    throw e;
  }
}

export interface GatedSerialRobotOptions extends GatedLinkStart {
  port: string;
  profile: RobotProfile;
  baudRate?: number;
  calibration?: RobotCalibration;
  workspace?: WorkspaceBox | null;
  tracking?: TrackingOptions;
}

/** A servo arm on a serial port, connected, torque on, polling: ready for commands. */
export async function gatedSerialRobotOpen(opts: GatedSerialRobotOptions): Promise<GatedRobot> {
  if (opts.profile.role === 'leader') throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `${opts.profile.displayName} is a leader arm; it is moved by hand.`, 'Pick a follower profile.');
  const link = new RobotLink({
    profile: opts.profile,
    open: () => openSerialTransport({ path: opts.port, baudRate: opts.baudRate ?? opts.profile.baudRate }),
    calibration: opts.calibration,
    workspace: opts.workspace,
    tracking: opts.tracking,
    // As the studio's serial source: USB adapters batch replies, so allow 50 ms a try, three tries.
    busTimeoutMs: 50,
    busRetries: 3,
  });
  await gatedLinkStart(link, opts);
  return gatedRobotFromLink(link);
}
