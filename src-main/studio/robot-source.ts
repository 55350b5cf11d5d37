import type { ConnectionState, ObjectPose, RobotDescription } from '../api';
import type { CommandSource, GateVerdict, RobotLink } from '../robot';

/** One joint-state sample. Arrays are owned by the sample: a source must not mutate them after emitting. */
export interface JointSample {
  /** Session-clock seconds. */
  t: number;
  position: Float64Array;
  velocity: Float64Array;
  targets: Float64Array;
  objects: readonly ObjectPose[];
  /** Per joint, target − position (radians) and blocked flags, from the link's tracking monitor. */
  tracking?: { error: Float64Array; blocked: Uint8Array };
}

/**
 * Anything that produces robot state: the simulator, a live robot, an episode replay. The 3D view,
 * plots, recorder and planner consume this and never ask which one they have; optional methods exist
 * when `describe().capabilities` says so.
 */
export interface RobotSource {
  describe(): RobotDescription;
  /** Begin producing samples. Resolves once the source is live. */
  start(): Promise<void>;
  /** Stop producing samples and release the hardware or simulation. Safe to call twice. */
  stop(): Promise<void>;
  onSample(listener: (sample: JointSample) => void): () => void;
  /**
   * Capability `control`: send joint targets (radians, joint order) through the robot's safety gate, tagged
   * with who sent them; the verdict says what was sent, which limit clipped each joint, or why it was refused.
   */
  command?(targets: ArrayLike<number>, source: CommandSource): GateVerdict;
  /** The link (and its gate) behind a controllable robot, sim or serial. */
  readonly link?: RobotLink;
  /** Capability `reset`: return to the home pose. */
  reset?(): void;
  /** Cut motion at once: torque off on hardware, hold position in sim. */
  estop(): void;
  /** Clear an e-stop. */
  release(): void;
  /** Errors that happen outside any call (port pulled, sim blew up). */
  onError?(listener: (error: Error) => void): () => void;
  /** Link state changes after start (a pulled cable: lost → reconnecting → connected). */
  onConnection?(listener: (state: ConnectionState) => void): () => void;
  /** Hardware only: servo torque. */
  setTorque?(on: boolean): Promise<void>;
}
