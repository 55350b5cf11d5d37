import { type RobotDescription, PraxisError } from '../../api';
import { BUILTIN_PROFILES, type CommandSource, type GateVerdict, RobotLink, type WorkspaceBox } from '../../robot';
import { KinematicJointSource, virtualArmPlug } from '../../sim/servo-bus';
import { robotFileRead, SO101_URDF } from '../../sim';
import { linkCommand, linkSample } from '../link-commands';
import type { JointSample, RobotSource } from '../robot-source';

/**
 * A virtual SO-101 on an in-memory cable as a studio robot source, with the link's clock in the test's
 * hands: the real driver, link and safety gate without MuJoCo, so a test can tick the control rig itself.
 */
export class LinkSource implements RobotSource {
  readonly link: RobotLink;
  readonly arm: KinematicJointSource;
  private readonly listeners = new Set<(s: JointSample) => void>();
  now = 0;

  constructor(opts: { workspace?: WorkspaceBox } = {}) {
    this.arm = new KinematicJointSource(6, 3, () => this.now, [0, 0, 0, 0.9, 0, 0.1]);
    const plug = virtualArmPlug('feetech', this.arm);
    this.link = new RobotLink({ profile: BUILTIN_PROFILES.so101_follower, open: plug.open, clock: () => this.now, watchdogMs: 0, reconnectMs: 0, workspace: opts.workspace });
    this.link.onJointState((s) => {
      const sample = linkSample(s, this.link, this.now, []);
      for (const l of this.listeners) l(sample);
    });
  }

  describe(): RobotDescription {
    return {
      id: 'test:so101',
      displayName: 'Virtual SO-101',
      joints: this.link.profile.joints.map((j) => ({ name: j.name, lower: j.lower, upper: j.upper })),
      capabilities: ['control'],
      urdf: robotFileRead(SO101_URDF),
      stateHz: 100,
      objects: [],
    };
  }

  async start(): Promise<void> {
    await this.link.connect();
    await this.link.torque(true);
    const first = await this.link.readJointState();
    for (const l of this.listeners) l(linkSample(first, this.link, this.now, []));
  }

  async stop(): Promise<void> {
    await this.link.disconnect();
  }

  onSample(listener: (s: JointSample) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  command(targets: ArrayLike<number>, source: CommandSource): GateVerdict {
    return linkCommand(this.link, targets, source, (e) => {
      throw e instanceof PraxisError ? e : new Error(String(e));
    });
  }

  estop(): void {
    void this.link.estop();
  }

  release(): void {
    this.link.clearEstop();
  }
}
