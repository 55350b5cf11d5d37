// One writer per dataset. The lock is a pid in .praxis/lock, honoured only while that process lives, so
// a crash never leaves a dataset locked. Recording logs carry the same pid in a sidecar so `recover` in
// another process (the CLI while the app records) never finalizes an episode that is still being written.
import { readFileSync, unlinkSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCodes, PraxisError } from '../api';
import { writeFileAtomic } from './atomic-file';
import { STUDIO_DIR } from './lerobot-format';

const LOCK = `${STUDIO_DIR}/lock`;

/** Locks this process holds, so a clean exit that skipped close() (process.exit, an uncaught error) still leaves none. */
const held = new Set<string>();
let exitHook = false;

function releaseHeldOnExit(): void {
  for (const path of held) {
    try {
      if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
    } catch {
      // already gone
    }
  }
}

export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process nobody has reaped yet (common in containers) still answers signal 0: a zombie.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): trust signal 0
  }
}

async function ownerOf(path: string): Promise<number | null> {
  try {
    const pid = Number((await readFile(path, 'utf8')).trim());
    return processAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/** The pid of another live process writing this dataset, or null. */
export async function foreignWriter(root: string): Promise<number | null> {
  const pid = await ownerOf(join(root, LOCK));
  return pid !== null && pid !== process.pid ? pid : null;
}

export async function acquireWriterLock(root: string): Promise<void> {
  const other = await foreignWriter(root);
  if (other !== null) {
    throw new PraxisError(ErrorCodes.DATASET_LOCKED, `${root} is being written by another Praxis process (pid ${other})`, 'Close the other studio or recorder first; reading the dataset is still fine.', { pid: other });
  }
  await writeFileAtomic(join(root, LOCK), String(process.pid));
  held.add(join(root, LOCK));
  if (!exitHook) {
    exitHook = true;
    process.on('exit', releaseHeldOnExit);
  }
}

export async function releaseWriterLock(root: string): Promise<void> {
  if ((await ownerOf(join(root, LOCK))) === process.pid) await rm(join(root, LOCK), { force: true });
  held.delete(join(root, LOCK));
}

export function logOwnerPath(logPath: string): string {
  return `${logPath}.pid`;
}

export async function claimLog(logPath: string): Promise<void> {
  await writeFile(logOwnerPath(logPath), String(process.pid));
}

/** True while a live process other than this one is still writing the log. */
export async function logInUse(logPath: string): Promise<boolean> {
  const pid = await ownerOf(logOwnerPath(logPath));
  return pid !== null && pid !== process.pid;
}
