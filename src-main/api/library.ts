import { z } from 'zod';

/**
 * What is in the studio's library, as revision counters: each rises when something changes what the
 * dataset list or the model list would show (a saved episode, an import, a trim; a finished run, an
 * export). A client lists again when a counter moves, instead of polling or waiting for a reload.
 */
export const LibraryRevisionSchema = z.object({
  datasets: z.number().int().nonnegative(),
  models: z.number().int().nonnegative(),
});
export type LibraryRevision = z.infer<typeof LibraryRevisionSchema>;
