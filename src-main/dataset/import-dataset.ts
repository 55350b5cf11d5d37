// Bring an existing LeRobot v3.0 dataset into the studio: verify it, copy it file by file into a temp
// directory beside the destination, then rename that directory into place. Cancelling or failing leaves
// no partial destination; the source is only read.
import { copyFile, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { ErrorCodes, PraxisError } from '../api';
import { fsyncDirectory, TEMP_PREFIX } from './atomic-file';
import { Dataset, type OperationOptions } from './dataset';
import { readInfo } from './dataset-meta';
import { infoWithUnits } from './feature-units';
import { INFO_PATH, STUDIO_DIR } from './lerobot-format';
import { verifyDataset } from './verify';

export interface ImportOptions extends OperationOptions {
  /** Import even if verification finds errors (they are returned). */
  force?: boolean;
}

export async function importLeRobotDataset(src: string, dst: string, options: ImportOptions = {}): Promise<{ dataset: Dataset; problems: Awaited<ReturnType<typeof verifyDataset>> }> {
  const info = await readInfo(src); // NOT_FOUND / CORRUPT / INCOMPATIBLE before any work
  if (await exists(dst)) {
    throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `${dst} already exists`, 'Import into a new directory; Praxis never merges into or overwrites a dataset on import.');
  }
  const problems = await verifyDataset(src, { signal: options.signal, onProgress: (d, t) => options.onProgress?.(d, t, 'verifying') });
  cancelled(options.signal);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length && !options.force) {
    throw new PraxisError(
      errors[0].code,
      `${src} failed verification: ${errors.slice(0, 3).map((p) => `${p.file ?? ''} ${p.message}`).join('; ')}${errors.length > 3 ? ` (+${errors.length - 3} more)` : ''}`,
      'Run `praxis dataset verify` on it for the full list, or import with --force.',
      { problems: errors },
    );
  }
  const files = await listFiles(src);
  const totalBytes = files.reduce((a, f) => a + f.size, 0);
  const staging = join(dirname(dst), `${TEMP_PREFIX}import-${basename(dst)}`);
  await rm(staging, { recursive: true, force: true });
  let copied = 0;
  try {
    for (const f of files) {
      cancelled(options.signal);
      const to = join(staging, f.rel);
      await mkdir(dirname(to), { recursive: true });
      await copyFile(join(src, f.rel), to);
      copied += f.size;
      options.onProgress?.(copied, totalBytes, f.rel);
    }
    // The copy leaves the source's studio folder behind, so the units are judged on the source and written
    // into the copy's info.json: degrees stay degrees (feature-units.ts).
    await writeFile(join(staging, INFO_PATH), `${JSON.stringify(infoWithUnits(info, await exists(join(src, STUDIO_DIR))), null, 4)}\n`);
    await rename(staging, dst);
    await fsyncDirectory(dirname(dst));
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
  return { dataset: await Dataset.open(dst), problems };
}

function cancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new PraxisError(ErrorCodes.CANCELLED, 'Import was cancelled; nothing was written', 'Start the import again when ready.');
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** Dataset files to copy: everything but studio scratch (logs, journals) and temp debris. */
async function listFiles(root: string): Promise<{ rel: string; size: number }[]> {
  const out: { rel: string; size: number }[] = [];
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.name.startsWith(TEMP_PREFIX)) continue;
      if (e.isDirectory()) {
        if (relative(root, p) === STUDIO_DIR) continue;
        await walk(p);
      } else if (e.isFile()) out.push({ rel: relative(root, p), size: (await stat(p)).size });
    }
  };
  await walk(root);
  return out;
}
