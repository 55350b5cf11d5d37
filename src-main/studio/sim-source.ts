import { type ConnectionState, type ObjectPose, PraxisError, type RobotDescription } from '../api';
import { type CommandSource, type GateVerdict, gatedLinkStart, type RobotLink } from '../robot';
import { robotFileRead, SimulatedArm, SO101_MJCF, simLinkCreate } from '../sim';
import type { SessionClock } from './clock';
import { linkCommand, linkSample } from './link-commands';
import type { JointSample, RobotSource } from './robot-source';
import { sceneObjectsFromMjcf } from './scene-objects';

/** Joint-state rate of the simulator's stream: the link polls the virtual servos this often. */
const SIM_STATE_HZ = 200;

/**
 * The embedded MuJoCo arm as a robot source, driven like a serial arm: real-time physics on this process
 * behind virtual Feetech servos on an in-memory cable, read and commanded through RobotLink and its safety
 * gate (sim/gated-sim-robot.ts). Samples are stamped with the session clock (sim time restarts at every
 * reset; the session clock never does); the cube's pose comes from the physics' own samples.
 */
export class SimSource implements RobotSource {
  private readonly listeners = new Set<(s: JointSample) => void>();
  private readonly errorListeners = new Set<(e: Error) => void>();
  private readonly connectionListeners = new Set<(s: ConnectionState) => void>();
  private readonly offs: (() => void)[] = [];
  private readonly description: RobotDescription;
  private objects: readonly ObjectPose[] = [];
  readonly link: RobotLink;

  private constructor(
    private readonly arm: SimulatedArm,
    private readonly clock: SessionClock,
    mjcf: string,
  ) {
    this.link = simLinkCreate(arm).link;
    this.description = {
      id: 'sim:so101',
      displayName: 'Simulated SO-101 arm',
      joints: this.link.profile.joints.map((j) => ({ name: j.name, lower: j.lower, upper: j.upper })),
      capabilities: ['control', 'reset', 'record'],
      urdf: arm.urdf,
      stateHz: SIM_STATE_HZ,
      objects: sceneObjectsFromMjcf(mjcf, arm.objectNames),
    };
  }

  static async create(clock: SessionClock, resourcesDir?: string): Promise<SimSource> {
    const arm = await SimulatedArm.load({ resourcesDir });
    return new SimSource(arm, clock, robotFileRead(SO101_MJCF, { resourcesDir }));
  }

  /** The MuJoCo world, for in-process consumers that need more than joint states (virtual cameras). */
  get world(): SimulatedArm {
    return this.arm;
  }

  describe(): RobotDescription {
    return this.description;
  }

  async start(): Promise<void> {
    this.offs.push(
      // The physics' samples are borrowed (overwritten next tick): keep a copy of the objects only.
      this.arm.onSample((s) => {
        this.objects = s.objects.map((o) => ({
          name: o.name,
          position: [o.position[0], o.position[1], o.position[2]],
          quaternion: [o.quaternion[0], o.quaternion[1], o.quaternion[2], o.quaternion[3]],
        }));
      }),
      this.arm.onError((e) => this.emitError(e)),
      this.link.onJointState((s) => {
        const sample = linkSample(s, this.link, this.clock.elapsed(), this.objects);
        for (const l of this.listeners) l(sample);
      }),
      this.link.onError((e) => this.emitError(new PraxisError(e.code, e.message, e.hint, e.details))),
      this.link.onState((s) => {
        for (const l of this.connectionListeners) l(s);
      }),
    );
    this.objects = this.arm.readState().objects.map((o) => ({ name: o.name, position: [...o.position] as ObjectPose['position'], quaternion: [...o.quaternion] as ObjectPose['quaternion'] }));
    this.arm.start({ publishHz: SIM_STATE_HZ });
    await gatedLinkStart(this.link, { pollHz: SIM_STATE_HZ });
  }

  async stop(): Promise<void> {
    for (const off of this.offs.splice(0)) off();
    await this.link.disconnect();
    this.arm.dispose();
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
    return linkCommand(this.link, targets, source, (e) => this.emitError(e));
  }

  /** The servos hold their torque as a real arm's do; off, the sim's joints hold where they are sensed. */
  async setTorque(on: boolean): Promise<void> {
    await this.link.torque(on);
  }

  /** Home pose, cube back. The next command starts its speed-capped step from the pose after the reset. */
  reset(): void {
    this.arm.reset();
    this.link.gate.forget();
    // The last polled pose is from before the reset: commands wait (refused NOT_CONNECTED) for a fresh one.
    this.link.latest = null;
  }

  /** Torque off and every command refused by the gate until release, as on a serial arm. */
  estop(): void {
    void this.link.estop();
  }

  release(): void {
    this.link.clearEstop();
  }

  private emitError(e: unknown): void {
    const err = e instanceof Error ? e : new Error(String(e));
    for (const l of this.errorListeners) l(err);
  }
}
