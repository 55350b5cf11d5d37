import { z } from 'zod';

// Fine-tuning the world model from the UI: start / pause / resume / cancel a run, follow its curves and
// collapse diagnostics, list checkpoints and models, and preview a prediction against the recording.

export const TrainStartSchema = z
  .object({
    /** Absolute path of a LeRobot v3 dataset. */
    dataset: z.string().min(1),
    preset: z.string().min(1),
    /** Run name: the folder under the studio's models folder. */
    name: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, dot, dash and underscore')
      .max(80),
    steps: z.number().int().min(1).max(1_000_000).optional(),
    lr: z.number().positive().max(1).optional(),
    batch: z.number().int().min(2).max(4096).optional(),
    seed: z.number().int().min(0).optional(),
    /** A model folder to fine-tune from (the shipped base model, or an earlier run). */
    initFrom: z.string().min(1).optional(),
    /** With initFrom: fine-tune the encoder and probe too, not only the dynamics (the default). */
    trainEncoder: z.boolean().optional(),
    /** Continue this run from its last checkpoint. */
    resume: z.boolean().optional(),
  })
  .strict();
export type TrainStart = z.input<typeof TrainStartSchema>;

export const EvaluationSummarySchema = z.object({
  step: z.number(),
  best: z.boolean(),
  k: z.array(z.number()),
  /** The unit of the joint errors below: the dataset's ('rad' for Praxis's data, 'deg' for a LeRobot arm). */
  unit: z.string(),
  /** Mean absolute joint error (in `unit`) of the model, and of the "no change" and linear baselines, per k. */
  model: z.array(z.number()),
  noChange: z.array(z.number()),
  linear: z.array(z.number()),
  latentMse: z.number(),
  probeError: z.number(),
  dim: z.number(),
  effectiveRank: z.number(),
  minStd: z.number(),
  std: z.array(z.number()),
  sigreg: z.number(),
  straightness: z.number(),
  goalRankCorrelation: z.number().nullable(),
});
export type EvaluationSummary = z.infer<typeof EvaluationSummarySchema>;

export const TrainStatusSchema = z.object({
  status: z.enum(['idle', 'starting', 'running', 'paused', 'finished']),
  name: z.string().nullable(),
  runDir: z.string().nullable(),
  preset: z.string().nullable(),
  /** A fine-tune: the model folder it started from, and whether only the dynamics learn. */
  fineTune: z.object({ from: z.string(), dynamicsOnly: z.boolean() }).nullable(),
  parameters: z.number(),
  episodes: z.object({ train: z.number(), validation: z.number() }),
  step: z.number(),
  totalSteps: z.number(),
  loss: z.number().nullable(),
  terms: z.record(z.string(), z.number()),
  samplesPerSecond: z.number(),
  etaSeconds: z.number(),
  lr: z.number(),
  skippedSteps: z.number(),
  /** The probe refit after the last training step, while it runs (null otherwise). */
  probeRefit: z.object({ step: z.number(), total: z.number() }).nullable(),
  evaluations: z.array(EvaluationSummarySchema),
  checkpoints: z.array(z.object({ step: z.number(), kind: z.enum(['last', 'best', 'step']), path: z.string() })),
  /** Said before the first step: the dataset resampled to the model's rate, far too small for the steps asked… */
  warnings: z.array(z.string()),
  finished: z
    .object({
      reason: z.enum(['completed', 'early-stop', 'cancelled', 'failed']),
      modelDir: z.string().nullable(),
      error: z.object({ code: z.string(), message: z.string(), hint: z.string().optional() }).nullable(),
      /** Whether the run produced a model worth using; `ok` false is shown in red (a fine-tune that did not improve exports nothing). */
      verdict: z.object({ ok: z.boolean(), kind: z.string(), message: z.string() }).nullable(),
    })
    .nullable(),
});
export type TrainStatus = z.infer<typeof TrainStatusSchema>;

/** Loss history for the curves, downsampled to a bounded number of points. */
export const TrainCurveSchema = z.object({
  step: z.array(z.number()),
  loss: z.array(z.number()),
  terms: z.record(z.string(), z.array(z.number())),
});
export type TrainCurve = z.infer<typeof TrainCurveSchema>;

export const ModelListingSchema = z.object({
  dir: z.string(),
  name: z.string(),
  description: z.string(),
  /** Shipped with the studio (read-only) or trained here. */
  shipped: z.boolean(),
  latentDim: z.number(),
  parameters: z.number().nullable(),
});
export type ModelListing = z.infer<typeof ModelListingSchema>;

export const PreviewRequestSchema = z
  .object({
    model: z.string().min(1),
    dataset: z.string().min(1),
    episode: z.number().int().nonnegative(),
    frame: z.number().int().nonnegative(),
    k: z.number().int().min(1).max(50),
  })
  .strict();

export const PredictionSchema = z.object({
  /** Frame the prediction starts from (the last context frame). */
  startFrame: z.number(),
  frameskip: z.number(),
  jointNames: z.array(z.string()),
  /** [k, joints] decoded joint positions, and what was recorded at the same frames. */
  predicted: z.array(z.number()),
  actual: z.array(z.number()),
  /** Mean absolute joint error per step ahead, in `unit`. */
  jointError: z.array(z.number()),
  /** The model's joint unit ('rad' for Praxis's data, 'deg' for a LeRobot arm). */
  unit: z.string(),
});
export type Prediction = z.infer<typeof PredictionSchema>;
