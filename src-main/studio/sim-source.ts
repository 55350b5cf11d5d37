import type { RobotDescription } from '../api';
import { robotFileRead, SimulatedArm, SO101_MJCF } from '../sim';
import type { SessionClock } from './clock';
import type { JointSample, RobotSource } from './robot-source';
import { sceneObjectsFromMjcf } from './scene-objects';

/** Joint-state rate of the simulator's stream. */
const SIM_STATE_HZ = 200;

/**
 * The embedded MuJoCo arm as a robot source: real-time physics on this process, samples re-stamped
 * with the session clock (sim time restarts at every reset; the session clock never does).
 */
export class SimSource implements RobotSource {
  private readonly listeners = new Set<(s: JointSample) => void>();
  private readonly errorListeners = new Set<(e: Error) => void>();
  private unsubscribe: (() => void) | null = null;
  private readonly description: RobotDescription;

  private constructor(
    private readonly arm: SimulatedArm,
    private readonly clock: SessionClock,
    mjcf: string,
  ) {
    this.description = {
      id: 'sim:so101',
      displayName: 'Simulated SO-101 arm',
      joints: arm.joints.map((j) => ({ name: j.name, lower: j.lower, upper: j.upper })),
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
    this.unsubscribe = this.arm.onSample((s) => {
      // The arm's sample is borrowed (overwritten next tick): copy what we hand on.
      const sample: JointSample = {
        t: this.clock.elapsed(),
        position: s.position.slice(),
        velocity: s.velocity.slice(),
        targets: s.targets.slice(),
        objects: s.objects.map((o) => ({
          name: o.name,
          position: [o.position[0], o.position[1], o.position[2]],
          quaternion: [o.quaternion[0], o.quaternion[1], o.quaternion[2], o.quaternion[3]],
        })),
      };
      for (const l of this.listeners) l(sample);
    });
    this.arm.start({ publishHz: SIM_STATE_HZ });
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
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

  setTargets(positions: Float64Array): Float64Array {
    return this.arm.setTargets(positions);
  }

  reset(): void {
    this.arm.reset();
  }

  /** In simulation an e-stop freezes the arm where it is (hold position); new targets are refused upstream. */
  estop(): void {
    this.arm.setTargets(this.arm.readState().position);
  }

  release(): void {}
}
