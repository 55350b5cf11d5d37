import { z } from 'zod';

// User-editable configuration files (robot profiles for custom arms), edited in the Monaco editor and
// validated by the studio before anything is written.

export const ConfigKindSchema = z.enum(['robot-profile']);
export type ConfigKind = z.infer<typeof ConfigKindSchema>;

/** Relative path inside the config folder, e.g. "profiles/my_arm.json". */
export const ConfigPathSchema = z
  .string()
  .regex(/^profiles\/[A-Za-z0-9_-]+\.json$/, 'config files live in profiles/ and are named like my_arm.json');

export const ConfigFileSchema = z.object({ path: z.string(), kind: ConfigKindSchema });

export const ConfigDocumentSchema = z.object({
  path: z.string(),
  kind: ConfigKindSchema,
  text: z.string(),
  /** JSON Schema of the file, for the editor's completion and squiggles. */
  schema: z.record(z.string(), z.unknown()),
});
export type ConfigDocument = z.infer<typeof ConfigDocumentSchema>;
