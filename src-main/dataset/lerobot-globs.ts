// The files LeRobot loads by globbing, found the way its loader finds them. LeRobot globs with pathlib, whose
// `*` matches dot-files too: anything that lands in these folders with a .parquet or .mp4 name is read as
// data, whatever its name. So a file there that Praxis did not put there on purpose breaks the dataset.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** LeRobot's globs, relative to the dataset root (io_utils.py load_nested_dataset, dataset_metadata.py, video_utils.py). */
export const LEROBOT_GLOBS = ['data/*/*.parquet', 'meta/episodes/*/*.parquet', 'videos/*/*/*.mp4'] as const;

/** What a file in those globs is named when a LeRobot writer (or Praxis) put it there. */
const CANONICAL = /(^|\/)chunk-\d{3,}\/file-\d{3,}\.(parquet|mp4)$/;

async function entries(dir: string): Promise<import('node:fs').Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Every file matching one glob such as `videos/*\/*\/*.mp4`, as paths relative to `root`, sorted as LeRobot sorts them. */
async function globFiles(root: string, pattern: string): Promise<string[]> {
  const parts = pattern.split('/');
  let level: string[] = [''];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const last = i === parts.length - 1;
    const next: string[] = [];
    for (const rel of level) {
      if (part !== '*' && !part.startsWith('*.')) {
        next.push(rel ? `${rel}/${part}` : part);
        continue;
      }
      for (const e of await entries(join(root, rel))) {
        const ok = last ? e.isFile() && (part === '*' || e.name.endsWith(part.slice(1))) : e.isDirectory();
        if (ok) next.push(rel ? `${rel}/${e.name}` : e.name);
      }
    }
    level = next;
  }
  return level.sort();
}

/** The files LeRobot would load from each glob. */
export async function lerobotGlobFiles(root: string): Promise<Record<(typeof LEROBOT_GLOBS)[number], string[]>> {
  const out = {} as Record<(typeof LEROBOT_GLOBS)[number], string[]>;
  for (const g of LEROBOT_GLOBS) out[g] = await globFiles(root, g);
  return out;
}

/** Files in LeRobot's globs that no writer named: debris of an interrupted write, or a stray copy. */
export async function lerobotGlobStrays(root: string): Promise<string[]> {
  const found = await lerobotGlobFiles(root);
  return Object.values(found)
    .flat()
    .filter((rel) => !CANONICAL.test(rel));
}
