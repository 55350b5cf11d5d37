// Every file in a dataset is replaced whole: write a sibling temp file, fsync it, rename it over the target,
// fsync the directory. A crash leaves either the old file or the new one, never a torn parquet footer.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { STAGING_DIR } from './lerobot-format';

/** Prefix of temp files; `verifyDataset` and recovery treat leftovers with it as debris of an interrupted write. */
export const TEMP_PREFIX = '.praxis-tmp-';

export function tempPathFor(target: string): string {
  return join(dirname(target), `${TEMP_PREFIX}${randomBytes(4).toString('hex')}-${basename(target)}`);
}

/**
 * Where a file bound for `target` inside dataset `root` is written before its rename: the dataset's staging
 * folder (same filesystem, so the rename stays atomic), out of the folders LeRobot globs.
 */
export function stagingPathFor(root: string, target: string): string {
  return tempPathFor(join(root, STAGING_DIR, basename(target)));
}

export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Atomically replace `target` with `data`. */
export async function writeFileAtomic(target: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const temp = tempPathFor(target);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await rm(temp, { force: true });
    throw e;
  }
  await handle.close();
  await commitTempFile(temp, target);
}

/** Move a finished, already-fsynced temp file over `target` (used when a child process wrote the temp file). */
export async function commitTempFile(temp: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const handle = await open(temp, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, target);
  await fsyncDirectory(dirname(target));
}

export async function writeJsonAtomic(target: string, value: unknown): Promise<void> {
  await writeFileAtomic(target, `${JSON.stringify(value, null, 4)}\n`);
}
