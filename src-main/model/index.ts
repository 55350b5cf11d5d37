// The world model's public face (engine/ has its own). Four rooms, depending downward only:
// engine (graphs, autodiff, AdamW, checkpoints) ← jepa (the model as graphs) ← trainer (data, the training
// loop in a worker, evaluation) → runtime (exported ONNX models for the planner; needs neither engine nor trainer).

// ---- configuration ---------------------------------------------------------------------------------------
export type { EncoderSpec, JepaConfig, Preset, TrainConfig } from './jepa/config';
export { FINETUNE, PRESETS, presetNames } from './jepa/presets';

// ---- training service (the Train panel and `praxis train`) ------------------------------------------------
export { TrainingJob, type JobStatus, type TrainingJobOptions, type TrainingJobSnapshot, TRAINING_LOG } from './trainer/training-job';
export { DEFAULT_EXPORT_BATCH, type InMemoryData, type TrainingRequest, TrainingRun } from './trainer/training-run';
export type {
  FinishReason,
  TrainingCheckpoint,
  TrainingEvaluation,
  TrainingEvent,
  TrainingFinished,
  TrainingProgress,
  TrainingStarted,
  TrainingVerdict,
} from './trainer/events';
export type { EvalReport, GoalRanking } from './trainer/evaluation';
export { type CheckpointInfo, checkpointList, modelCardRead, WEIGHTS_FILE } from './trainer/model-files';
export { exportCheckpoint, type ExportOptions } from './trainer/model-export';
export { evaluateModelOnDataset, type ModelEvalOptions } from './trainer/model-eval';

// ---- data --------------------------------------------------------------------------------------------------
export { type LoadedDataset, type LoadOptions, loadDataset } from './trainer/dataset-loader';
export type { Trajectory, TrajectorySet } from './trainer/trajectories';
export { recordSimEpisodes, SIM_FPS, SIM_STATE_NAMES, type SimDataOptions } from './trainer/sim-data';

// ---- diagnostics (pure, over typed arrays) -----------------------------------------------------------------
export { type CollapseDiagnostics, collapseDiagnostics, effectiveRank, latentStd, sigregStatistic, temporalStraightness } from './trainer/latent-metrics';
export { spearman } from './trainer/rank-correlation';

// ---- runtime (the planner's side) --------------------------------------------------------------------------
export type { OnnxModelOptions } from './runtime/onnx-model';
export { FusedRollout, type FusedRolloutResult } from './runtime/fused-rollout';
export { type EpisodeFramesRaw, type ModelSources, type PredictionPreview, type RolloutContext, WorldModel } from './runtime/world-model';
export { type ModelCard, MODEL_CARD_FILE, MODEL_CARD_FORMAT, modelCardParse, modelJointUnit, ONNX_FILES } from './runtime/model-card';
export type { Normaliser } from './runtime/normalisation';
