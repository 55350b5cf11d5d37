// The robot as the recorder's loop sees it: read the newest observation, send joint targets, and (for
// a simulator driven headless) advance the world by one tick. Two adapters:
//   steppedArm — the MuJoCo arm stepped exactly 1/fps per tick: deterministic, as fast as the CPU
//                allows (CLI, bench, tests).
//   liveSource — anything that pushes samples (a RobotSource: the real-time sim or a serial arm); the
//                recorder reads the newest sample at its own tick.

import type { ObjectPose } from '../api';
import type { RobotObservation } from './observation';

export interface RecorderRobot {
  readonly jointNames: readonly string[];
  readonly objectNames: readonly string[];
  /** Copies the newest observation into `out`; false when none has arrived yet. */
  observe(out: RobotObservation): boolean;
  /**
   * Live robots: calls `listener` as each new sample arrives (observe() then reads it), so the recorder can
   * stamp it on its clock and sample frames at their scheduled times. Returns an unsubscribe function.
   */
  onFresh?(listener: () => void): () => void;
  /** Sends joint targets (radians, joint order). */
  command(targets: Float64Array): void;
  /** Stepped robots only: advance the world by `seconds`. */
  advance?(seconds: number): void;
  /** Puts the scene back for the next episode (sim: home pose, cube back). */
  reset?(): void;
}

/** What steppedArm needs from the simulator (src-main/sim SimulatedArm has it). */
export interface SteppedWorld {
  readonly joints: readonly { name: string }[];
  readonly objectNames: readonly string[];
  setTargets(positions: ArrayLike<number>, out?: Float64Array): Float64Array;
  stepFor(seconds: number): number;
  sampleCreate(): SampledState;
  readStateInto(sample: SampledState): SampledState;
  reset(): void;
}

interface SampledState {
  position: Float64Array;
  velocity: Float64Array;
  objects: { name: string; position: readonly number[]; quaternion: readonly number[] }[];
}

function copyObjects(from: readonly { position: readonly number[]; quaternion: readonly number[] }[], to: ObjectPose[]): void {
  for (let k = 0; k < to.length && k < from.length; k++) {
    const a = from[k];
    const b = to[k];
    b.position[0] = a.position[0];
    b.position[1] = a.position[1];
    b.position[2] = a.position[2];
    b.quaternion[0] = a.quaternion[0];
    b.quaternion[1] = a.quaternion[1];
    b.quaternion[2] = a.quaternion[2];
    b.quaternion[3] = a.quaternion[3];
  }
}

export function steppedArm(world: SteppedWorld): RecorderRobot {
  const sample = world.sampleCreate();
  const applied = new Float64Array(world.joints.length);
  return {
    jointNames: world.joints.map((j) => j.name),
    objectNames: world.objectNames.slice(),
    observe(out) {
      world.readStateInto(sample);
      out.position.set(sample.position);
      out.velocity.set(sample.velocity);
      copyObjects(sample.objects, out.objects);
      return true;
    },
    command(targets) {
      world.setTargets(targets, applied);
    },
    advance(seconds) {
      world.stepFor(seconds);
    },
    reset() {
      world.reset();
    },
  };
}

/** What liveSource needs: studio's RobotSource and the sim's SimulatedArm both fit. */
export interface PushingSource {
  onSample(listener: (sample: { position: Float64Array; velocity: Float64Array; objects: readonly { position: readonly number[]; quaternion: readonly number[] }[] }) => void): () => void;
  setTargets?(positions: Float64Array): unknown;
  reset?(): void;
}

/** A live source; call `dispose()` to unsubscribe. Samples are copied on arrival (they may be borrowed). */
export function liveSource(source: PushingSource, jointNames: readonly string[], objectNames: readonly string[]): RecorderRobot & { dispose(): void } {
  const joints = jointNames.length;
  const position = new Float64Array(joints);
  const velocity = new Float64Array(joints);
  const objects: ObjectPose[] = objectNames.map((name) => ({ name, position: [0, 0, 0], quaternion: [1, 0, 0, 0] }));
  let seen = false;
  const fresh = new Set<() => void>();
  const unsubscribe = source.onSample((s) => {
    position.set(s.position.subarray(0, joints));
    velocity.set(s.velocity.subarray(0, joints));
    copyObjects(s.objects, objects);
    seen = true;
    for (const listener of fresh) listener();
  });
  return {
    jointNames: jointNames.slice(),
    objectNames: objectNames.slice(),
    observe(out) {
      if (!seen) return false;
      out.position.set(position);
      out.velocity.set(velocity);
      copyObjects(objects, out.objects);
      return true;
    },
    onFresh(listener) {
      fresh.add(listener);
      return () => fresh.delete(listener);
    },
    command(targets) {
      source.setTargets?.(targets.slice());
    },
    // After a reset the newest sample is from before it: wait for a fresh one, so the action restarts
    // from the reset pose rather than sending the arm back to where it was.
    reset: source.reset
      ? () => {
          source.reset?.();
          seen = false;
        }
      : undefined,
    dispose: unsubscribe,
  };
}
