// The headless recording rig: the simulated arm, a teleop source, the action stream and a recorder,
// wired the way `praxis record`, the benchmark and the integration tests all need them.

import { chainFromUrdf, IkSolver } from '../kinematics';
import { SafetyGate } from '../robot';
import { RayCastCamera, SIM_PROFILE, type SimulatedArm, urdfParse } from '../sim';
import { ActionStream, type ScriptedOptions, ScriptedTeleop, type TeleopSource } from '../teleop';
import { type RecorderCamera, simCamera } from './cameras';
import type { LoopClock, LoopTimers } from './fixed-rate-loop';
import { Recorder } from './recorder';
import type { RecorderOptions } from './recorder-options';
import { liveSource, type RecorderRobot, steppedArm } from './recorder-robot';

/** The sim's tool frame: between the jaw tips. */
export const SIM_TOOL_LINK = 'gripper_tip';

export interface SimRigOptions {
  fps: number;
  /** Stepped (deterministic, sped up) or paced by the wall clock. Default stepped. */
  mode?: 'stepped' | 'realtime';
  /** The operator; default a ScriptedTeleop with `scripted` options. */
  teleop?: (ik: IkSolver, arm: SimulatedArm) => TeleopSource;
  scripted?: ScriptedOptions;
  /** Speed cap of the rig's safety gate, rad/s, all joints. Default: the SO-101 profile's, per joint. */
  maxVelocity?: number;
  /** MJCF camera to record ("front", "overhead"), or none. */
  camera?: { name: string; width?: number; height?: number; everyTicks?: number } | null;
  layout?: RecorderOptions['layout'];
  /** Realtime: the loop's clock. Default the simulator's own time (simClock). */
  clock?: LoopClock;
  timers?: LoopTimers;
  /** Realtime: see RecorderOptions.maxGapS. */
  maxGapS?: number;
}

export interface SimRig {
  arm: SimulatedArm;
  ik: IkSolver;
  actions: ActionStream;
  recorder: Recorder;
  camera: RayCastCamera | null;
  /** Stops the real-time runner (if any) and frees the camera; the arm stays yours to dispose. */
  dispose(): void;
}

export function simRigCreate(arm: SimulatedArm, options: SimRigOptions): SimRig {
  const jointNames = arm.joints.map((j) => j.name);
  const chain = chainFromUrdf(urdfParse(arm.urdf), SIM_TOOL_LINK, jointNames);
  const ik = new IkSolver(chain, { maxIterations: 20 });
  const joints = arm.joints.map((j) => ({ name: j.name, lower: j.lower, upper: j.upper }));
  const source = options.teleop ? options.teleop(ik, arm) : new ScriptedTeleop(ik, joints, options.scripted);
  const maxVelocity = SIM_PROFILE.joints.map((j) => options.maxVelocity ?? j.maxVelocity);
  const actions = new ActionStream({ joints, maxVelocity }).add(source);
  const camera = options.camera ? new RayCastCamera(arm, options.camera.name, { width: options.camera.width, height: options.camera.height }) : null;
  const cameras: RecorderCamera[] = camera && options.camera ? [simCamera(camera, { everyTicks: options.camera.everyTicks })] : [];
  const mode = options.mode ?? 'stepped';
  let robot: RecorderOptions['robot'];
  let unsubscribe = () => {};
  if (mode === 'stepped') robot = steppedArm(arm);
  else {
    const live = liveSource(arm, jointNames, arm.objectNames);
    unsubscribe = live.dispose;
    robot = live;
  }
  const clock = options.clock ?? (mode === 'realtime' ? simClock(arm) : undefined);
  robot = gatedRobot(robot, actions, { lower: joints.map((j) => j.lower), upper: joints.map((j) => j.upper), maxVelocity }, mode === 'stepped' ? null : (clock ?? null));
  const recorder = new Recorder({ robot, actions, fps: options.fps, mode, cameras, layout: options.layout, clock, timers: options.timers, maxGapS: options.maxGapS });
  return {
    arm,
    ik,
    actions,
    recorder,
    camera,
    dispose() {
      unsubscribe();
      camera?.dispose();
    },
  };
}

/**
 * The simulator's own time as the recording clock, kept monotonic across scene resets (which set it back to 0).
 * The simulated world moves only while this process runs: on a busy machine its time falls behind the wall
 * clock (the runner drops backlog rather than racing). Frames at k/fps of the world's time, and samples stamped
 * with it exactly, record what the world did; on the wall clock a descheduled process looks like a frozen arm.
 */
export function simClock(arm: { readonly time: number }): LoopClock {
  let offset = 0;
  let last = 0;
  return {
    now() {
      const raw = arm.time;
      if (raw + offset < last) offset = last - raw;
      last = raw + offset;
      return last;
    },
  };
}

/**
 * The rig drives the arm without a link (stepped recording must stay deterministic and synchronous), so it
 * puts the same SafetyGate the link has in front of it: every action passes it, tagged with the active
 * source, and the verdict goes back into the stream. Its clock is simulated time when stepped (advance
 * adds it up, monotonic across resets), the loop's clock otherwise.
 */
function gatedRobot(
  robot: RecorderRobot,
  actions: ActionStream,
  limits: { lower: number[]; upper: number[]; maxVelocity: number[] },
  clock: LoopClock | null,
): RecorderRobot {
  let simulated = 0;
  const gate = new SafetyGate({
    jointNames: robot.jointNames,
    clock: clock ? () => clock.now() : () => simulated,
    limits: { lower: Float64Array.from(limits.lower), upper: Float64Array.from(limits.upper), maxVelocity: Float64Array.from(limits.maxVelocity) },
  });
  const present = new Float64Array(robot.jointNames.length);
  let seen = false;
  return {
    ...robot,
    observe(out) {
      const ok = robot.observe(out);
      if (ok) {
        present.set(out.position);
        seen = true;
      }
      return ok;
    },
    command(targets) {
      const verdict = gate.pass(targets, actions.commandSource, seen ? present : null);
      if (verdict.sent) robot.command(verdict.sent);
      actions.commit(verdict);
    },
    advance: robot.advance
      ? (seconds) => {
          simulated += seconds;
          robot.advance?.(seconds);
        }
      : undefined,
    reset: robot.reset
      ? () => {
          robot.reset?.();
          gate.forget();
        }
      : undefined,
  };
}
