// The recorder: the fixed-rate control loop that turns robot state + teleop actions into dataset
// episodes, with episode phases (record → reset → next), a rate warning, and cameras.
export { PushedCamera, type RecorderCamera, type SceneCamera, simCamera } from './cameras';
export { FixedRateLoop, type LoopClock, type LoopStats, type LoopTick, type LoopTimers } from './fixed-rate-loop';
export { type ObservationLayout, type ObservationLayoutOptions, observationCreate, observationFill, observationLayout, type RobotObservation } from './observation';
export type { EpisodeGap } from './frame-schedule';
export { DEFAULT_MAX_GAP_S, Recorder } from './recorder';
export { RECORDER_MAX_FPS, RECORDER_MIN_FPS, type RecorderOptions } from './recorder-options';
export type { RecorderEvent, RecorderPhase, RecorderStatus } from './recorder-status';
export { liveSource, type PushingSource, type RecorderRobot, type SteppedWorld, steppedArm } from './recorder-robot';
export { type EpisodeSink, type RecordingDataset, type RecordingPlan, type RecordingSummary, type SavedEpisode, type SessionReport, sessionReport, sessionReportLines } from './session';
export { SIM_TOOL_LINK, type SimRig, type SimRigOptions, simClock, simRigCreate } from './sim-rig';
