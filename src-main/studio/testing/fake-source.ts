import type { RobotDescription } from '../../api';
import { type CommandSource, type GateVerdict, SafetyGate } from '../../robot';
import type { SessionClock } from '../clock';
import type { JointSample, RobotSource } from '../robot-source';

/**
 * A test double for a robot: first-order joints that move toward their targets, emitting samples on
 * a timer, behind a real SafetyGate as every robot is. It lets studio/server tests run without MuJoCo;
 * the simulator has its own tests.
 */
export class FakeArmSource implements RobotSource {
  readonly positions = new Float64Array(3);
  private targets = new Float64Array(3);
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly listeners = new Set<(s: JointSample) => void>();
  emitted = 0;
  readonly gate: SafetyGate;

  constructor(
    private readonly clock: SessionClock,
    private readonly hz = 200,
  ) {
    const n = 3;
    this.gate = new SafetyGate({
      jointNames: ['a', 'b', 'c'],
      clock: () => clock.elapsed(),
      limits: { lower: new Float64Array(n).fill(-1), upper: new Float64Array(n).fill(1), maxVelocity: new Float64Array(n).fill(3) },
    });
  }

  get estopped(): boolean {
    return this.gate.estopped;
  }

  describe(): RobotDescription {
    return {
      id: 'fake:arm',
      displayName: 'Fake arm',
      joints: ['a', 'b', 'c'].map((name) => ({ name, lower: -1, upper: 1 })),
      capabilities: ['control', 'reset'],
      urdf: '<robot name="fake"/>',
      stateHz: this.hz,
      objects: [],
    };
  }

  async start(): Promise<void> {
    this.timer = setInterval(() => this.tick(), 1000 / this.hz);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  onSample(listener: (s: JointSample) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  command(targets: ArrayLike<number>, source: CommandSource): GateVerdict {
    const verdict = this.gate.pass(targets, source, this.positions);
    if (verdict.sent) this.targets = verdict.sent.slice();
    return verdict;
  }

  /** For consumers that send bare targets (the recorder's liveSource in tests): through the gate as 'api'. */
  setTargets(positions: Float64Array): Float64Array | null {
    return this.command(positions, 'api').sent;
  }

  reset(): void {
    this.positions.fill(0);
    this.targets.fill(0);
  }

  estop(): void {
    this.gate.estop();
  }

  release(): void {
    this.gate.release();
  }

  /**
   * Emit `count` samples now, as the timer would over count/hz seconds: a test drives the stream by
   * samples and so holds however slowly the machine runs the timer.
   */
  emitSamples(count: number): void {
    for (let i = 0; i < count; i++) this.tick();
  }

  private tick(): void {
    for (let i = 0; i < 3; i++) this.positions[i] += 0.2 * (this.targets[i] - this.positions[i]);
    const sample: JointSample = {
      t: this.clock.elapsed(),
      position: this.positions.slice(),
      velocity: new Float64Array(3),
      targets: this.targets.slice(),
      objects: [],
    };
    this.emitted++;
    for (const l of this.listeners) l(sample);
  }
}
