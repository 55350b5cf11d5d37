import { z } from 'zod';

// The data flywheel as the UI sees it: datasets in the studio's data folder, their episodes, an
// episode's columns for replay, and the edits a person makes while curating.

export const EpisodeSummarySchema = z.object({
  index: z.number().int(),
  length: z.number().int(),
  durationS: z.number(),
  tasks: z.array(z.string()),
  tags: z.array(z.string()),
  success: z.boolean().nullable(),
  notes: z.string(),
  recordedAt: z.string().optional(),
});
export type EpisodeSummary = z.infer<typeof EpisodeSummarySchema>;

export const DatasetListingSchema = z.object({
  name: z.string(),
  path: z.string(),
  episodes: z.number().int(),
  frames: z.number().int(),
  fps: z.number(),
  robotType: z.string().nullable(),
});
export type DatasetListing = z.infer<typeof DatasetListingSchema>;

export const DatasetDetailSchema = DatasetListingSchema.extend({
  stateNames: z.array(z.string()),
  actionNames: z.array(z.string()),
  cameras: z.array(z.string()),
  episodeList: z.array(EpisodeSummarySchema),
});
export type DatasetDetail = z.infer<typeof DatasetDetailSchema>;

/** One episode's numeric columns, flat row-major (frame i of joint j at i * width + j). */
export const EpisodeDataSchema = z.object({
  index: z.number().int(),
  fps: z.number(),
  task: z.string(),
  timestamps: z.array(z.number()),
  stateNames: z.array(z.string()),
  actionNames: z.array(z.string()),
  state: z.array(z.number()),
  action: z.array(z.number()),
  /** Object poses per frame where the dataset has them (sim): name → flat [x y z qw qx qy qz] per frame. */
  objects: z.record(z.string(), z.array(z.number())),
});
export type EpisodeData = z.infer<typeof EpisodeDataSchema>;

export const JointStatsSchema = z.object({
  feature: z.string(),
  joint: z.string(),
  min: z.number(),
  max: z.number(),
  mean: z.number(),
  std: z.number(),
  /** The unit the values are recorded in ('rad', 'deg', 'range_0_100'…; see value-units.ts). */
  unit: z.string().optional(),
  histogram: z.object({ min: z.number(), max: z.number(), counts: z.array(z.number()) }),
});

export const DatasetStatsSchema = z.object({
  episodes: z.number(),
  frames: z.number(),
  hours: z.number(),
  fps: z.number(),
  tasks: z.array(z.string()),
  success: z.object({ succeeded: z.number(), failed: z.number(), unmarked: z.number() }),
  tags: z.record(z.string(), z.number()),
  joints: z.array(JointStatsSchema),
});
export type DatasetStats = z.infer<typeof DatasetStatsSchema>;

export const EpisodeRefSchema = z.object({ path: z.string().min(1), index: z.number().int().nonnegative() });

export const CameraFramesRequestSchema = EpisodeRefSchema.extend({
  camera: z.string().min(1),
  from: z.number().int().nonnegative(),
  count: z.number().int().min(1).max(120),
}).strict();

/** Decoded camera frames of an episode, tightly packed RGB, base64 (one string per frame). */
export const CameraFramesSchema = z.object({
  camera: z.string(),
  from: z.number(),
  width: z.number(),
  height: z.number(),
  frames: z.array(z.string()),
});
export type CameraFrames = z.infer<typeof CameraFramesSchema>;
