// The training engine's public face: build a graph, differentiate it, train it with AdamW in one ORT
// session per step, checkpoint it, export it for inference. Knows no robot.
export { GraphBuilder } from './graph/builder';
export type { GraphBuilderOptions, InitSpec, ParamOptions } from './graph/core';
export type { DType, FloatArray, FloatDType } from './graph/dtype';
export { type EmitOptions, type EmittedModel, emitModel, type Mode, OPSET } from './graph/emit';
export type { ParamGroup, Tensor } from './graph/ir';
export type { Operand } from './graph/ops';
export { fillNormal, fillUniform, gaussian, hashSeed, mulberry32 } from './graph/rng';
export type { Shape } from './graph/shape';
export { gradients } from './autodiff/grad';
export { checkGradients, type GradCheckOptions, type GradCheckResult } from './autodiff/gradcheck';
export { type AdamWConfig, adamw, type GroupSettings } from './optim/adamw';
export { type WarmupCosine, warmupCosine } from './optim/schedule';
export { type CheckpointState, decodeCheckpoint, encodeCheckpoint, fileWriteAtomic, readCheckpointFile, writeCheckpointFile } from './checkpoint/checkpoint';
export { decodeSafetensors, encodeSafetensors } from './checkpoint/safetensors';
export type { Batch, FeedValue } from './runtime/feeds';
export { openSession, type SessionOptions } from './runtime/session';
export type { ParamSlot, TrainStepOptions } from './runtime/train-step';
export { type ExportWeights, exportInference } from './runtime/export';
export { buildTrainStep, type StepResult, Trainer, type TrainerOptions } from './runtime/trainer';
export { buildMlp, type MlpConfig, type MlpModel } from './examples/mlp';
export { buildTransformerBlock, causalSelfAttention, type TransformerBlockConfig, type TransformerBlockModel } from './examples/transformer-block';
