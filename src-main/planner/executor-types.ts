// What the executor drives and what it reports. The arm is anything that takes one frame of joint
// targets through the safety gate and comes back a frame later: the sim stepped in lockstep (CLI, bench),
// a serial arm in real time, the studio's connected robot.
import type { PraxisErrorData, StopReason, SurpriseEvent } from '../api';
import type { GoalProgress } from './goals-progress';
import type { RobotState } from './goals-observation';
import type { GuardrailKind, PlanResult } from './types';

/** The gate's answer for one command (the SafetyGate's GateVerdict has this shape and more). */
export interface CommandVerdict {
  outcome: 'sent' | 'clipped' | 'refused';
  /** What reached the robot, radians; null when refused. */
  sent: Float64Array | null;
  /** Per joint, the gate's clip bits (joint limit 1, speed cap 2, not a number 4, workspace 8). */
  clipped: Uint8Array;
  refusal: PraxisErrorData | null;
}

export interface ExecutionArm {
  /** The newest measured state: radians, rad/s, metres. */
  state(): RobotState;
  /** Send one frame's joint targets through the safety gate (source "planner"); resolve one action period later. */
  command(targets: Float64Array): Promise<CommandVerdict>;
  /** Hold position where the arm is now (after a surprise, a refusal, the end of a budget). */
  hold(): void;
  /** The robot's clock, seconds (its samples' time); absent where time does not pass on its own (lockstep sim). */
  now?(): number;
}

/** A guardrail the planner reported, or a clip the gate made to an executed command. */
export interface GuardrailEvent {
  /** Executed block at which it happened (or the plan was made). */
  block: number;
  source: 'plan' | 'gate';
  kind: GuardrailKind | 'gate-clip' | 'gate-refusal';
  constraint: string;
  /** Plan step for planner events; frame within the block for gate events. */
  step: number;
  amount: number;
  /** A refused plan (it was not executed). */
  refused: boolean;
}

export interface ExecutedBlock {
  /** Index since this execution began. */
  block: number;
  /** Step of the plan it carried out. */
  planStep: number;
  /** The model's one-block prediction for this block, decoded [obsDim] (null without a probe). */
  predicted: Float32Array | null;
  /** What was observed at the block's end [obsDim]. */
  observed: Float32Array;
  /** The block as the gate let it through [frameskip × joints], radians. */
  sent: Float32Array;
  /** Frames in which the gate clipped at least one joint. */
  clippedFrames: number;
  /** How long the block took on the robot's clock, seconds (null without one); nominal is frameskip / fps. */
  seconds: number | null;
  surprise: SurpriseEvent | null;
  progress: GoalProgress;
}

export type ExecutionEvent =
  | { type: 'plan'; plan: PlanResult; atBlock: number; latencyMs: number; warm: boolean }
  | { type: 'block'; block: ExecutedBlock }
  | { type: 'guardrail'; event: GuardrailEvent }
  | { type: 'stopped'; reason: StopReason }
  | { type: 'reached'; progress: GoalProgress };

export interface ExecutionSummary {
  success: boolean;
  stop: StopReason | null;
  blocks: number;
  plans: number;
  /** Wall time of every plan call, ms. */
  planLatencyMs: number[];
  guardrailEvents: GuardrailEvent[];
  surprises: SurpriseEvent[];
  progress: GoalProgress;
}
