// Test helpers: drive an ActionStream at a fixed rate, through a safety gate as the studio's loop does,
// against an arm that follows its commands exactly.
import type { JointSpec, ObjectPose } from '../../api';
import { SafetyGate } from '../../robot';
import type { ActionStream } from '../action-stream';

export const SO101_JOINTS: JointSpec[] = [
  { name: 'shoulder_pan', lower: -1.91986, upper: 1.91986 },
  { name: 'shoulder_lift', lower: -1.74533, upper: 1.74533 },
  { name: 'elbow_flex', lower: -1.69, upper: 1.69 },
  { name: 'wrist_flex', lower: -1.65806, upper: 1.65806 },
  { name: 'wrist_roll', lower: -2.74385, upper: 2.84121 },
  { name: 'gripper', lower: -0.174533, upper: 1.74533 },
];

export const SO101_HOME = Float64Array.of(0, 0, 0, 0.9, 0, 0.1);

/**
 * A loop at `hz` from time `start`: each tick's action passes a SafetyGate with the stream's joint limits and
 * speed cap (on the driver's clock) and the verdict is committed; the arm is where it was last told to go.
 * Returns the actions sent.
 */
export class Driver {
  t: number;
  readonly position: Float64Array;
  objects: ObjectPose[] = [];
  readonly gate: SafetyGate;

  constructor(
    private readonly stream: ActionStream,
    readonly hz: number,
    start: ArrayLike<number>,
    t0 = 0,
  ) {
    this.t = t0;
    this.position = Float64Array.from(start);
    const joints = stream.joints;
    this.gate = new SafetyGate({
      jointNames: joints.map((j) => j.name),
      clock: () => this.t,
      limits: {
        lower: Float64Array.from(joints, (j) => j.lower),
        upper: Float64Array.from(joints, (j) => j.upper),
        maxVelocity: Float64Array.from(stream.status().maxVelocity),
      },
    });
  }

  /** The scene was reset: the arm is at `position`, the gate forgets its last command, the stream re-syncs. */
  reset(position: ArrayLike<number>): void {
    this.position.set(Array.from(position));
    this.gate.forget();
    this.stream.sync(position);
  }

  /** Runs `ticks` ticks; calls `between` before each one (to press keys, move sliders…). */
  run(ticks: number, between?: (tick: number) => void): Float64Array[] {
    const actions: Float64Array[] = [];
    for (let k = 0; k < ticks; k++) {
      between?.(k);
      const wish = this.stream.step({ t: this.t, position: this.position, objects: this.objects });
      const action = this.stream.commit(this.gate.pass(wish, this.stream.commandSource, this.position));
      actions.push(action.slice());
      this.position.set(action);
      this.t += 1 / this.hz;
    }
    return actions;
  }
}
