import { z } from 'zod';

// Teleoperation and recording as the UI sees them: one active source of actions, a fixed-rate control
// loop, and recording sessions with phases (record → reset → next).

export const TeleopKindSchema = z.enum(['keyboard', 'gamepad', 'sliders', 'gizmo', 'leader', 'scripted']);
export type TeleopKind = z.infer<typeof TeleopKindSchema>;

/**
 * The safety gate's newest verdict on a command to the robot (robot/safety/safety-gate.ts): who sent it,
 * whether it went out whole, clipped or refused, per joint the limits that clipped it, and why it was refused.
 */
export const GateReportSchema = z.object({
  /** sliders, keyboard, gamepad, gizmo, leader, scripted, planner, script or api. */
  source: z.string(),
  outcome: z.enum(['sent', 'clipped', 'refused']),
  /** Per joint: 'joint limit', 'speed cap', 'not a number', 'workspace' (empty when untouched). */
  clipped: z.array(z.array(z.string())),
  refusal: z.object({ code: z.string(), message: z.string(), hint: z.string().optional() }).nullable(),
});
export type GateReport = z.infer<typeof GateReportSchema>;

export const TeleopStatusSchema = z.object({
  active: TeleopKindSchema.nullable(),
  available: z.array(TeleopKindSchema),
  /** Control-loop rate, measured. */
  rateHz: z.number(),
  keyboardMode: z.enum(['joint', 'ee']),
  /** Key codes of the active keyboard mode and what they move, for the on-screen legend. */
  keys: z.array(z.object({ code: z.string(), label: z.string() })),
  maxVelocity: z.array(z.number()),
  atLimit: z.array(z.boolean()),
  speedLimited: z.array(z.boolean()),
  notice: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** The leader arm whose positions become targets, when one is connected. */
  leader: z.object({ port: z.string(), profile: z.string(), state: z.string() }).nullable(),
  /** The gate's newest verdict on a command to this robot, from any source; null before the first. */
  gate: GateReportSchema.nullable().default(null),
});
export type TeleopStatus = z.infer<typeof TeleopStatusSchema>;

export const RecorderPhaseSchema = z.enum(['idle', 'teleop', 'starting', 'recording', 'resetting', 'finishing']);

export const RecorderStatusSchema = z.object({
  phase: RecorderPhaseSchema,
  fps: z.number(),
  task: z.string().nullable(),
  /** Dataset being recorded into. */
  dataset: z.string().nullable(),
  episode: z.number(),
  episodes: z.number(),
  frames: z.number(),
  elapsedS: z.number(),
  durationS: z.number(),
  rateHz: z.number(),
  /** Ticks the loop skipped (commands held; their frames are still sampled on time from the state stream). */
  missedTicks: z.number(),
  /** Ticks that ran more than half a period late. */
  lateTicks: z.number().default(0),
  savedEpisodes: z.number(),
  warning: z.string().nullable(),
  /** What happened in the last finished session: frames, missed and late ticks, episodes ended at a gap. */
  report: z
    .object({
      episodes: z.number(),
      frames: z.number(),
      seconds: z.number(),
      missedTicks: z.number(),
      lateTicks: z.number(),
      gaps: z.array(z.object({ episode: z.number(), atS: z.number(), silentS: z.number() })),
      stopped: z.boolean(),
      error: z.string().nullable(),
    })
    .nullable()
    .default(null),
  lastError: z.object({ code: z.string(), message: z.string(), hint: z.string().optional() }).nullable(),
});
export type RecorderStatus = z.infer<typeof RecorderStatusSchema>;

export const RecordRequestSchema = z
  .object({
    /** Dataset folder name inside the studio's data folder (created if new). */
    dataset: z
      .string()
      .min(1)
      .max(80)
      .regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, dot, dash and underscore'),
    task: z.string().min(1).max(500),
    episodes: z.number().int().min(1).max(10_000),
    episodeSeconds: z.number().positive().max(3600),
    resetSeconds: z.number().min(0).max(600),
    fps: z.number().int().min(30).max(200),
    resetScene: z.boolean().default(false),
    /** Record the simulated scene's front camera (sim only) as video. */
    simCamera: z.boolean().default(false),
    /** Record a USB webcam the UI captures (getUserMedia) and pushes with camera.push, at this size. */
    webcam: z
      .object({ width: z.number().int().min(16).max(320), height: z.number().int().min(16).max(240) })
      .optional(),
  })
  .strict();

export const CameraPushSchema = z
  .object({
    camera: z.literal('webcam'),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    /** Tightly packed RGB, base64. */
    rgb: z.string().max(2_000_000),
  })
  .strict();
export type RecordRequest = z.input<typeof RecordRequestSchema>;

export const ToolPoseSchema = z.object({
  /** Metres, robot base frame (the URDF's root). */
  position: z.tuple([z.number(), z.number(), z.number()]),
  /** Unit quaternion (w, x, y, z); omit to leave the orientation free. */
  quaternion: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
});
export type ToolPose = z.infer<typeof ToolPoseSchema>;

export const GizmoSolveSchema = z.object({
  status: z.string(),
  positionError: z.number(),
  orientationError: z.number(),
});

export const GamepadTargetSchema = z.union([
  z.object({ kind: z.literal('joint'), joint: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('ee'), axis: z.union([z.literal(0), z.literal(1), z.literal(2)]) }),
]);

export const GamepadMappingSchema = z.object({
  axes: z.array(
    z.object({
      axis: z.number().int().nonnegative().max(15),
      target: GamepadTargetSchema,
      scale: z.number().min(-10).max(10).optional(),
      deadzone: z.number().min(0).max(0.9).optional(),
    }),
  ),
  buttons: z.array(z.object({ button: z.number().int().nonnegative().max(31), target: GamepadTargetSchema, direction: z.union([z.literal(1), z.literal(-1)]) })),
});
export type GamepadMappingData = z.infer<typeof GamepadMappingSchema>;
