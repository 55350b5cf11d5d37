// The connected robot as the plan executor's arm: each frame of targets goes to the robot's safety gate
// tagged "planner" (RobotService.command), and the frame ends when the source reports a sample one action
// period later on the session clock — synchronised on the robot's own samples, not on a timer.
import { ErrorCodes } from '../api';
import type { ExecutionArm } from '../planner';
import type { RobotService } from './robot-service';
import type { JointSample, RobotSource } from './robot-source';

export function studioExecutionArm(robot: RobotService, source: RobotSource, period: number): ExecutionArm & { dispose(): void } {
  let latest: JointSample | null = null;
  const waiting = new Set<{ t: number; resolve: () => void }>();
  const off = source.onSample((s) => {
    latest = s;
    for (const w of waiting) {
      if (s.t >= w.t) {
        waiting.delete(w);
        w.resolve();
      }
    }
  });
  const n = source.describe().joints.length;
  return {
    state() {
      const s = latest;
      return s ? { position: s.position, velocity: s.velocity, objects: s.objects } : { position: new Float64Array(n), velocity: new Float64Array(n), objects: [] };
    },
    async command(targets) {
      const t0 = latest?.t ?? 0;
      let v = robot.command(targets, 'planner');
      if (v.outcome === 'refused' && v.refusal?.code === ErrorCodes.NOT_CONNECTED) {
        // After a scene reset the gate waits for a fresh pose: wait for the next sample and try once more.
        await new Promise<void>((resolve) => waiting.add({ t: t0, resolve }));
        v = robot.command(targets, 'planner');
      }
      if (v.outcome !== 'refused') await new Promise<void>((resolve) => waiting.add({ t: (latest?.t ?? t0) + period, resolve }));
      return v;
    },
    now: () => latest?.t ?? 0,
    hold() {
      if (latest) robot.command(latest.position, 'planner');
    },
    dispose() {
      off();
      for (const w of waiting) w.resolve();
      waiting.clear();
    },
  };
}
