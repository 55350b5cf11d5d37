// On-screen joint sliders: absolute joint targets. The ActionStream's speed limit turns a slider
// dragged across its range into a ramp.

import { ErrorCodes, PraxisError } from '../api';
import type { TeleopNotice, TeleopSource, TeleopTick } from './source';

export class SliderTeleop implements TeleopSource {
  readonly kind = 'sliders';
  private readonly targets: Float64Array;
  private set = false;

  constructor(private readonly joints: number) {
    this.targets = new Float64Array(joints);
  }

  /** All joint targets, radians, in joint order. */
  setTargets(values: ArrayLike<number>): void {
    if (values.length !== this.joints) throw bad(`expected ${this.joints} joint targets, got ${values.length}`);
    for (let j = 0; j < values.length; j++) if (!Number.isFinite(values[j])) throw bad(`target ${j} is not a number`);
    this.targets.set(Array.from(values));
    this.set = true;
  }

  /** One joint's target, radians. */
  setJoint(index: number, value: number): void {
    if (!(Number.isInteger(index) && index >= 0 && index < this.joints)) throw bad(`there is no joint ${index}`);
    if (!Number.isFinite(value)) throw bad(`target for joint ${index} is not a number`);
    this.targets[index] = value;
    this.set = true;
  }

  /** What the sliders show. */
  current(): Float64Array {
    return this.targets.slice();
  }

  activate(start: Float64Array): void {
    this.targets.set(start);
    this.set = true;
  }

  deactivate(): void {}

  update(_tick: TeleopTick, out: Float64Array): void {
    if (this.set) out.set(this.targets);
  }

  notice(): TeleopNotice | null {
    return null;
  }
}

function bad(what: string): PraxisError {
  return new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Sliders: ${what}.`, 'Send one finite value in radians per joint.');
}
