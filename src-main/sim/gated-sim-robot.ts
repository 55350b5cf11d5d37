// The built-in sim as a robot, driven like a serial arm: SimulatedArm ← virtual Feetech servos on an
// in-memory cable ← the real Feetech driver ← RobotLink ← its safety gate. The studio's sim source and the
// CLI (`praxis plan --robot sim`) both build it here, so the sim exercises the driver and safety code a
// real SO-101 runs.

import {
  BUILTIN_PROFILES,
  type GatedRobot,
  gatedLinkStart,
  gatedRobotFromLink,
  RobotLink,
  type TrackingOptions,
  type WorkspaceBox,
} from '../robot';
import { jointSourceFromArm, type VirtualArmPlug, virtualArmPlug } from './servo-bus';
import { SimulatedArm, type SimulatedArmOptions } from './simulated-arm';

export interface GatedSimRobotOptions extends SimulatedArmOptions {
  /** An arm already loaded (tests); loaded from resources otherwise. Disposed on close either way. */
  arm?: SimulatedArm;
  /** Joint-state polling over the virtual bus, Hz. Default 200, the sim's physics publish rate. */
  pollHz?: number;
  workspace?: WorkspaceBox | null;
  tracking?: TrackingOptions;
  /** Stop motion when no command arrives for this long while torque is on, ms (0 disables). Default 250. */
  watchdogMs?: number;
  /**
   * Answer on the in-memory cable without modelling wire time. Default true: the cable is imaginary and the
   * host is this process, so waiting out 1 Mbaud byte times (spinning the event loop for the last
   * sub-millisecond) only delays teleop and burns CPU. False keeps the timing of a real bus (tests of it).
   */
  instant?: boolean;
}

export interface GatedSimRobot extends GatedRobot {
  /** The MuJoCo world behind the servos: object poses, cameras, reset. */
  readonly world: SimulatedArm;
  readonly link: RobotLink;
  readonly plug: VirtualArmPlug;
}

/** The SO-101 profile drives the sim: same servo IDs, models and limits as the arm on a desk. */
export const SIM_PROFILE = BUILTIN_PROFILES.so101_follower;

/** Build the link to a sim arm without connecting it (the studio's source connects it itself). */
export function simLinkCreate(arm: SimulatedArm, opts: Omit<GatedSimRobotOptions, 'arm' | 'pollHz'> = {}): { link: RobotLink; plug: VirtualArmPlug } {
  const plug = virtualArmPlug('feetech', jointSourceFromArm(arm), { instant: opts.instant ?? true });
  const link = new RobotLink({
    profile: SIM_PROFILE,
    open: plug.open,
    workspace: opts.workspace,
    tracking: opts.tracking,
    watchdogMs: opts.watchdogMs,
    // An in-memory cable never drops: a failed read is a bug to report, not a loose USB plug to retry.
    reconnectMs: 0,
  });
  return { link, plug };
}

/**
 * The sim arm running in real time, connected, torque on and polled: ready for commands.
 * ```ts
 * const robot = await gatedSimRobotOpen({ resourcesDir });
 * robot.command(targets, 'planner');   // → GateVerdict
 * await robot.close();                 // disconnects and frees the MuJoCo world
 * ```
 */
export async function gatedSimRobotOpen(opts: GatedSimRobotOptions = {}): Promise<GatedSimRobot> {
  const arm = opts.arm ?? (await SimulatedArm.load(opts));
  const { link, plug } = simLinkCreate(arm, opts);
  arm.start({ publishHz: opts.pollHz ?? 200 });
  try {
    await gatedLinkStart(link, { pollHz: opts.pollHz ?? 200 });
  } catch (e) {
    arm.dispose();
    throw e;
  }
  const gated = gatedRobotFromLink(link, async () => {
    await link.disconnect();
    arm.dispose();
  });
  return Object.assign(gated, { world: arm, link, plug });
}
