import { z } from 'zod';
import { CalibrationStatusSchema } from './calibration';
import { ErrorDataSchema } from './wire';
import { GoalSpecSchema, PlanExecuteSchema, PlanRequestSchema, PlanStatusSchema } from './plan';
import { JobListSchema, JobSchema } from './jobs';
import { LibraryRevisionSchema } from './library';
import { ConfigDocumentSchema, ConfigFileSchema, ConfigPathSchema } from './config';
import { ModelListingSchema, PredictionSchema, PreviewRequestSchema, TrainCurveSchema, TrainStartSchema, TrainStatusSchema } from './train';
import {
  CameraPushSchema,
  GamepadMappingSchema,
  GizmoSolveSchema,
  RecorderStatusSchema,
  RecordRequestSchema,
  TeleopKindSchema,
  TeleopStatusSchema,
  ToolPoseSchema,
} from './control';
import {
  CameraFramesRequestSchema,
  CameraFramesSchema,
  DatasetDetailSchema, DatasetListingSchema, DatasetStatsSchema, EpisodeDataSchema, EpisodeRefSchema } from './dataset';
import {
  ConnectRequestSchema,
  JointStateBatchSchema,
  RobotDescriptionSchema,
  RobotProfileSummarySchema,
  RobotSourceOptionSchema,
  RobotStatusSchema,
} from './robot';

// THE contract. Every call and stream that crosses a process boundary is declared here once, with
// its schemas; both transports (Electron IPC, WebSocket) derive names and validation from this table.

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });

export const SessionInfoSchema = z.object({
  app: z.literal('praxis-studio'),
  version: z.string(),
  /** Which shell serves the API. */
  shell: z.enum(['electron', 'server']),
  /** Protocol version of this contract; a client refuses a server that speaks another. */
  protocol: z.number().int(),
  /** Session clock at the time of the reply (seconds since session start). */
  now: z.number(),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const PROTOCOL_VERSION = 1;

export const calls = {
  'session.info': { params: Empty, result: SessionInfoSchema },
  /** portsError: why serial ports could not be listed (the simulator is listed regardless). */
  'robot.sources': { params: Empty, result: z.object({ sources: z.array(RobotSourceOptionSchema), portsError: ErrorDataSchema.nullable() }) },
  'robot.connect': { params: ConnectRequestSchema, result: RobotDescriptionSchema },
  'robot.disconnect': { params: Empty, result: Ok },
  'robot.describe': { params: Empty, result: RobotDescriptionSchema },
  'robot.status': { params: Empty, result: RobotStatusSchema },
  'robot.setTargets': {
    params: z.object({ positions: z.array(z.number().finite()) }).strict(),
    result: z.object({ applied: z.array(z.number()) }),
  },
  'robot.setJointTarget': {
    params: z.object({ joint: z.string().min(1), position: z.number().finite() }).strict(),
    result: z.object({ applied: z.array(z.number()) }),
  },
  'robot.profiles': { params: Empty, result: z.object({ profiles: z.array(RobotProfileSummarySchema) }) },
  'robot.torque': { params: z.object({ on: z.boolean() }).strict(), result: Ok },
  'robot.reset': { params: Empty, result: Ok },
  'calibration.status': { params: Empty, result: CalibrationStatusSchema },
  /** Torque off, offsets cleared, limits opened: the arm goes limp so it can be moved by hand. */
  'calibration.begin': { params: Empty, result: CalibrationStatusSchema },
  /** Every joint is posed mid-range: write homing offsets that make this pose read mid-turn. */
  'calibration.centre': { params: Empty, result: CalibrationStatusSchema },
  /** Read the joints while the user sweeps them end to end (call repeatedly). */
  'calibration.sample': { params: Empty, result: CalibrationStatusSchema },
  /** Write limits, verify, save for this robot, and reconnect with the new calibration. */
  'calibration.finish': { params: Empty, result: CalibrationStatusSchema },
  'calibration.cancel': { params: Empty, result: CalibrationStatusSchema },
  /** Write the saved calibration back into the servos (after a mismatch at connect). */
  'calibration.restore': { params: Empty, result: CalibrationStatusSchema },
  'robot.estop': { params: Empty, result: Ok },
  'robot.release': { params: Empty, result: Ok },
  'teleop.status': { params: Empty, result: TeleopStatusSchema },
  'teleop.select': { params: z.object({ kind: TeleopKindSchema }).strict(), result: TeleopStatusSchema },
  /** The keys held right now (KeyboardEvent.code). Re-sent while held: a key not re-sent soon is released. */
  'teleop.keys': { params: z.object({ held: z.array(z.string().max(32)).max(16) }).strict(), result: Ok },
  'teleop.keyboardMode': { params: z.object({ mode: z.enum(['joint', 'ee']) }).strict(), result: TeleopStatusSchema },
  'teleop.gamepad': {
    params: z.object({ axes: z.array(z.number().min(-1).max(1)).max(16), buttons: z.array(z.number().min(0).max(1)).max(32) }).strict(),
    result: Ok,
  },
  /** Where the tool is being sent (forward kinematics of the current action); null without a kinematic model. */
  'teleop.toolPose': { params: Empty, result: z.object({ pose: ToolPoseSchema.nullable() }) },
  /** Drag the end effector: IK turns the pose into joint targets (the gizmo becomes the active source). */
  'teleop.gizmo': { params: ToolPoseSchema.strict(), result: GizmoSolveSchema },
  'teleop.gamepadMapping': { params: Empty, result: GamepadMappingSchema },
  /** Connect a leader arm (moved by hand, torque off): its joint positions drive the follower. */
  'teleop.leaderConnect': { params: z.object({ port: z.string().min(1), profile: z.string().min(1) }).strict(), result: TeleopStatusSchema },
  'teleop.leaderDisconnect': { params: Empty, result: TeleopStatusSchema },
  'teleop.setGamepadMapping': { params: GamepadMappingSchema, result: GamepadMappingSchema },
  'recorder.status': { params: Empty, result: RecorderStatusSchema },
  /** A webcam frame from the UI; the recorder keeps the newest one for its next tick. */
  'camera.push': { params: CameraPushSchema, result: Ok },
  'recorder.start': { params: RecordRequestSchema, result: RecorderStatusSchema },
  'recorder.next': { params: Empty, result: Ok },
  'recorder.rerecord': { params: Empty, result: Ok },
  'recorder.stop': { params: Empty, result: Ok },
  'config.files': { params: Empty, result: z.object({ root: z.string(), files: z.array(ConfigFileSchema) }) },
  'config.read': { params: z.object({ path: ConfigPathSchema }).strict(), result: ConfigDocumentSchema },
  /** Validates, then writes atomically; an invalid file is refused with INVALID_ARGUMENT naming the field. */
  'config.write': { params: z.object({ path: ConfigPathSchema, text: z.string().max(1_000_000) }).strict(), result: ConfigDocumentSchema },
  'config.newProfile': { params: z.object({ id: z.string().regex(/^[A-Za-z0-9_-]+$/), from: z.string().min(1) }).strict(), result: ConfigDocumentSchema },
  'train.presets': { params: Empty, result: z.object({ presets: z.array(z.object({ name: z.string(), description: z.string(), steps: z.number() })) }) },
  'train.start': { params: TrainStartSchema, result: TrainStatusSchema },
  'train.status': { params: Empty, result: TrainStatusSchema },
  'train.curve': { params: Empty, result: TrainCurveSchema },
  'train.pause': { params: Empty, result: Ok },
  'train.resume': { params: Empty, result: Ok },
  'train.cancel': { params: Empty, result: Ok },
  /** Export a training checkpoint as a model folder (encoder/predictor/probe ONNX + card), as a job. */
  'train.exportCheckpoint': { params: z.object({ checkpoint: z.string().min(1), name: z.string().regex(/^[A-Za-z0-9._-]+$/).max(80) }).strict(), result: JobSchema },
  'model.list': { params: Empty, result: z.object({ root: z.string(), models: z.array(ModelListingSchema) }) },
  'model.preview': { params: PreviewRequestSchema, result: PredictionSchema },
  'job.list': { params: Empty, result: JobListSchema },
  'job.cancel': { params: z.object({ id: z.number().int() }).strict(), result: Ok },
  /** Copy a LeRobot v3 dataset from elsewhere into the data folder, after verifying it (a job). */
  'dataset.import': {
    params: z.object({ source: z.string().min(1), name: z.string().regex(/^[A-Za-z0-9._-]+$/).max(80) }).strict(),
    result: JobSchema,
  },
  /** Write one episode as MCAP (joint states, actions, camera images) for Foxglove or Rerun (a job). */
  'dataset.exportMcap': { params: EpisodeRefSchema.strict(), result: JobSchema },
  'dataset.list': { params: Empty, result: z.object({ root: z.string(), datasets: z.array(DatasetListingSchema) }) },
  'dataset.open': { params: z.object({ path: z.string().min(1) }).strict(), result: DatasetDetailSchema },
  'dataset.episode': { params: EpisodeRefSchema.strict(), result: EpisodeDataSchema },
  'dataset.frames': { params: CameraFramesRequestSchema, result: CameraFramesSchema },
  /** The robot to draw when replaying this dataset with no robot connected. */
  'dataset.robotModel': { params: z.object({ path: z.string().min(1) }).strict(), result: RobotDescriptionSchema },
  'dataset.stats': { params: z.object({ path: z.string().min(1) }).strict(), result: DatasetStatsSchema },
  'dataset.setTags': { params: EpisodeRefSchema.extend({ tags: z.array(z.string().min(1).max(64)).max(32) }).strict(), result: DatasetDetailSchema },
  'dataset.setSuccess': { params: EpisodeRefSchema.extend({ success: z.boolean().nullable() }).strict(), result: DatasetDetailSchema },
  'dataset.trim': {
    params: EpisodeRefSchema.extend({ from: z.number().int().nonnegative(), to: z.number().int().positive() }).strict(),
    result: DatasetDetailSchema,
  },
  'dataset.deleteEpisode': { params: EpisodeRefSchema.extend({ confirm: z.literal(true) }).strict(), result: DatasetDetailSchema },
  'plan.status': { params: Empty, result: PlanStatusSchema },
  /** Set the goal from the robot's present state (IK for an end-effector goal); clears the plan. */
  'plan.setGoal': { params: z.object({ goal: GoalSpecSchema }).strict(), result: PlanStatusSchema },
  /** Plan toward the goal from where the arm is (guardrails on; a refused plan names its constraint). */
  'plan.plan': { params: PlanRequestSchema, result: PlanStatusSchema },
  /** Execute the next block of the plan through the safety gate. */
  'plan.step': { params: Empty, result: PlanStatusSchema },
  /** Start executing (the whole plan, or closed-loop MPC); progress comes on the plan.status stream. */
  'plan.execute': { params: PlanExecuteSchema, result: PlanStatusSchema },
  /** Stop executing; the arm holds where it is. */
  'plan.stop': { params: Empty, result: PlanStatusSchema },
} as const;

export const streams = {
  'robot.jointState': { event: JointStateBatchSchema },
  'robot.status': { event: RobotStatusSchema },
  'teleop.status': { event: TeleopStatusSchema },
  'recorder.status': { event: RecorderStatusSchema },
  'train.status': { event: TrainStatusSchema },
  'job.list': { event: JobListSchema },
  /** Datasets or models changed (recording, import, curation, training, export): list them again. */
  'library.changed': { event: LibraryRevisionSchema },
  'plan.status': { event: PlanStatusSchema },
} as const;

export type CallName = keyof typeof calls;
export type StreamName = keyof typeof streams;
export type CallParams<M extends CallName> = z.input<(typeof calls)[M]['params']>;
export type CallResult<M extends CallName> = z.infer<(typeof calls)[M]['result']>;
export type StreamEvent<S extends StreamName> = z.infer<(typeof streams)[S]['event']>;

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(calls, name);
}

export function isStreamName(name: string): name is StreamName {
  return Object.hasOwn(streams, name);
}

/** The one interface the UI codes against; the Electron bridge and the WebSocket client both implement it. */
export interface PraxisApi {
  call<M extends CallName>(method: M, params: CallParams<M>): Promise<CallResult<M>>;
  /** Returns an unsubscribe function. The listener's promise is the backpressure: the next batch waits for it. */
  subscribe<S extends StreamName>(stream: S, listener: (event: StreamEvent<S>) => void | Promise<void>): () => void;
  /** Transport state, for the status bar. */
  onTransport(listener: (state: TransportState) => void): () => void;
}

export type TransportState = { connected: boolean; error?: string };
