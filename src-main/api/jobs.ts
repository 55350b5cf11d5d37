import { z } from 'zod';

// Long operations (import, export, statistics of a large dataset) run as jobs: they report progress and
// can be cancelled, and the UI shows a progress bar for each.

export const JobSchema = z.object({
  id: z.number().int(),
  label: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  done: z.number(),
  total: z.number(),
  /** What the job is doing right now, in words. */
  phase: z.string(),
  /** A path or message to show when it is done. */
  result: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string(), hint: z.string().optional() }).nullable(),
});
export type Job = z.infer<typeof JobSchema>;

export const JobListSchema = z.object({ jobs: z.array(JobSchema) });
