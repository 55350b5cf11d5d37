// The executor's arm on a gated robot (the sim through its virtual servo bus, or a serial arm): each frame
// goes through the robot's safety gate tagged "planner", and the frame ends when the robot reports a joint
// state one action period later on its own clock — synchronised on the robot's replies, not on a timer.
import type { ObjectPose } from '../api';
import type { CommandVerdict, ExecutionArm } from './executor-types';
import type { RobotState } from './goals-observation';

/** What the executor needs of a gated robot (robot/'s GatedRobot has this shape). */
export interface GatedArm {
  readonly latest: { t: number; position: Float64Array; velocity: Float64Array } | null;
  command(targets: ArrayLike<number>, source: 'planner'): CommandVerdict;
  onJointState(listener: (s: { t: number }) => void): () => void;
}

export interface GatedExecutionArmOptions {
  /** Seconds per frame: 1 / the model's fps. */
  period: number;
  /** Loose objects the robot's world reports (the sim's cube); none on a serial arm. */
  objects?: () => readonly ObjectPose[];
}

export function gatedExecutionArm(robot: GatedArm, o: GatedExecutionArmOptions): ExecutionArm {
  const none: readonly ObjectPose[] = [];
  const nextStateAfter = (t: number) =>
    new Promise<void>((resolve) => {
      const off = robot.onJointState((s) => {
        if (s.t >= t) {
          off();
          resolve();
        }
      });
    });
  return {
    state(): RobotState {
      const s = robot.latest;
      const n = s?.position.length ?? 0;
      return { position: s?.position.slice() ?? new Float64Array(n), velocity: s?.velocity.slice() ?? new Float64Array(n), objects: o.objects?.() ?? none };
    },
    async command(targets: Float64Array): Promise<CommandVerdict> {
      const t0 = robot.latest?.t ?? 0;
      const v = robot.command(targets, 'planner');
      if (v.outcome !== 'refused') await nextStateAfter(t0 + o.period);
      return v;
    },
    now: () => robot.latest?.t ?? 0,
    hold(): void {
      const s = robot.latest;
      if (s) robot.command(s.position, 'planner');
    },
  };
}
