import { z } from 'zod';

// What the UI and every consumer knows about a robot: joints in a fixed order, their limits, and the
// URDF text to draw it. Sources of robot state (live robot, simulator, episode replay) all describe
// themselves this way, with capabilities saying what else they can do.

export const JointSpecSchema = z.object({
  name: z.string(),
  /** Lower limit in radians. */
  lower: z.number(),
  /** Upper limit in radians. */
  upper: z.number(),
});
export type JointSpec = z.infer<typeof JointSpecSchema>;

export const SourceCapabilitySchema = z.enum(['control', 'reset', 'seek', 'record']);
export type SourceCapability = z.infer<typeof SourceCapabilitySchema>;

/** A loose object in the scene (the sim's cube), drawn by the 3D view at the poses the stream reports. */
export const SceneObjectSchema = z.object({
  name: z.string(),
  /** Box half-extents, metres. */
  halfSize: z.tuple([z.number(), z.number(), z.number()]),
  /** CSS colour. */
  color: z.string(),
});
export type SceneObject = z.infer<typeof SceneObjectSchema>;

export const RobotDescriptionSchema = z.object({
  /** Stable id of the connected source, e.g. "sim:so101". */
  id: z.string(),
  displayName: z.string(),
  joints: z.array(JointSpecSchema),
  capabilities: z.array(SourceCapabilitySchema),
  /** URDF document text, so the renderer needs no file access in either shell. */
  urdf: z.string(),
  /** Nominal rate of the joint-state stream. */
  stateHz: z.number(),
  /** Objects whose poses the stream carries (empty for a real robot). */
  objects: z.array(SceneObjectSchema).default([]),
});
export type RobotDescription = z.infer<typeof RobotDescriptionSchema>;

export const RobotSourceKindSchema = z.enum(['sim', 'serial']);

/** One entry of the Connect panel's list. */
export const RobotSourceOptionSchema = z.object({
  kind: RobotSourceKindSchema,
  id: z.string(),
  displayName: z.string(),
  detail: z.string(),
});
export type RobotSourceOption = z.infer<typeof RobotSourceOptionSchema>;

/** A robot profile as the Connect panel lists it. */
export const RobotProfileSummarySchema = z.object({
  id: z.string(),
  displayName: z.string(),
  protocol: z.enum(['feetech', 'dynamixel', 'line']),
  role: z.enum(['follower', 'leader']),
  baudRate: z.number(),
});
export type RobotProfileSummary = z.infer<typeof RobotProfileSummarySchema>;

export const ConnectRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sim'), model: z.enum(['so101']).default('so101') }),
  z.object({
    kind: z.literal('serial'),
    port: z.string().min(1),
    protocol: z.enum(['feetech', 'dynamixel', 'line']),
    profile: z.string().min(1),
    baudRate: z.number().int().positive().optional(),
  }),
]);
export type ConnectRequest = z.infer<typeof ConnectRequestSchema>;

export const ObjectPoseSchema = z.object({
  name: z.string(),
  /** Metres, world frame. */
  position: z.tuple([z.number(), z.number(), z.number()]),
  /** Unit quaternion (w, x, y, z), MuJoCo's order. */
  quaternion: z.tuple([z.number(), z.number(), z.number(), z.number()]),
});
export type ObjectPose = z.infer<typeof ObjectPoseSchema>;

/**
 * A batch of joint-state samples, oldest first. Sent at a UI-friendly rate (~30 Hz) while the
 * source runs at its own rate (≥100 Hz): batching keeps message count low without losing samples.
 * Arrays are flat and row-major: sample i of joint j is `position[i * joints + j]`.
 */
export const JointStateBatchSchema = z.object({
  joints: z.number().int().nonnegative(),
  /** Monotonic session time of each sample, seconds. */
  t: z.array(z.number()),
  position: z.array(z.number()),
  velocity: z.array(z.number()),
  /** Latest joint targets (radians) as applied after safety clipping. */
  targets: z.array(z.number()),
  /**
   * Latest tracking error per joint, radians: target − position, computed once in the core (robot/safety/
   * tracking-error.ts). 0 for joints nothing holds (torque off, e-stopped). Empty for sources without a target.
   */
  trackingError: z.array(z.number()).default([]),
  /** Latest poses of tracked objects (sim only). */
  objects: z.array(ObjectPoseSchema),
  /** Samples the server had to drop for this client because it was not keeping up. */
  dropped: z.number().int().nonnegative(),
});
export type JointStateBatch = z.infer<typeof JointStateBatchSchema>;

export const ConnectionStateSchema = z.enum(['disconnected', 'connecting', 'connected', 'lost', 'reconnecting']);
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;

/** A joint far from its target for a while: pushed against the table, caught on the cube, stalled. */
export const BlockedJointSchema = z.object({
  joint: z.string(),
  /** Radians, at the moment it was found blocked. */
  target: z.number(),
  position: z.number(),
});
export type BlockedJoint = z.infer<typeof BlockedJointSchema>;

export const RobotStatusSchema = z.object({
  connection: ConnectionStateSchema,
  robotId: z.string().nullable(),
  /** Measured rate of the joint-state source over the last second. */
  rateHz: z.number(),
  estopped: z.boolean(),
  /** Joints blocked now (empty when all follow their targets); changes rarely, so it rides on the status. */
  blocked: z.array(BlockedJointSchema).default([]),
  lastError: z
    .object({ code: z.string(), message: z.string(), hint: z.string().optional() })
    .nullable(),
});
export type RobotStatus = z.infer<typeof RobotStatusSchema>;
