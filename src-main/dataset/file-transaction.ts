// Several files that must change together (a data parquet, meta/episodes, info.json, stats.json, the studio
// notes) are staged as fsynced temp files under .praxis/staging, then a journal naming every rename is
// written atomically: that write is the commit point. Renames follow, in the order that keeps LeRobot's view
// whole (lerobotCommitRank: info.json last); a crash during them is finished by `replayJournal` on the next
// open. Before the journal exists, a crash leaves only staged debris, out of LeRobot's globs, and the old
// dataset, untouched.
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fsyncDirectory, stagingPathFor, TEMP_PREFIX, writeFileAtomic } from './atomic-file';
import { lerobotCommitRank, STUDIO_DIR } from './lerobot-format';

const JOURNAL = `${STUDIO_DIR}/journal.json`;

export class FileTransaction {
  private readonly staged: [temp: string, target: string][] = [];
  private readonly removals: string[] = [];
  private committing = false;

  constructor(private readonly root: string) {}

  /** Stage `data` for `relPath` (relative to the dataset root). */
  async put(relPath: string, data: Uint8Array | string): Promise<void> {
    const target = join(this.root, relPath);
    const temp = stagingPathFor(this.root, target);
    await writeFileAtomicAt(temp, data);
    this.staged.push([temp, target]);
  }

  /** Commit a temp file that something else (ffmpeg) already wrote and fsynced. */
  adopt(tempPath: string, relPath: string): void {
    this.staged.push([tempPath, join(this.root, relPath)]);
  }

  /** Delete `relPath` as part of the commit. */
  remove(relPath: string): void {
    this.removals.push(join(this.root, relPath));
  }

  async commit(): Promise<void> {
    this.committing = true;
    const renames = this.staged.map(([t, g]) => [relative(this.root, t), relative(this.root, g)] as [string, string]);
    // A stable sort: files of one rank keep the order they were staged in.
    renames.sort((a, b) => lerobotCommitRank(a[1]) - lerobotCommitRank(b[1]));
    const journal: Journal = {
      renames,
      removals: this.removals.map((r) => relative(this.root, r)),
    };
    await writeFileAtomic(join(this.root, JOURNAL), JSON.stringify(journal));
    await applyJournal(this.root, journal);
  }

  /** Drop staged files. After commit() has begun, the journal owns them and abort does nothing. */
  async abort(): Promise<void> {
    if (this.committing) return;
    for (const [temp] of this.staged) await rm(temp, { force: true });
  }
}

async function writeFileAtomicAt(path: string, data: Uint8Array | string): Promise<void> {
  // The temp file itself is written in place (no second temp); it only becomes visible through the journal.
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

interface Journal {
  renames: [string, string][];
  removals: string[];
}

async function applyJournal(root: string, journal: Journal): Promise<void> {
  const dirs = new Set<string>();
  for (const [temp, target] of journal.renames) {
    // With the target's folder in place, ENOENT can only mean the temp was renamed by an earlier attempt.
    await mkdir(dirname(join(root, target)), { recursive: true });
    try {
      await rename(join(root, temp), join(root, target));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; // already renamed by an earlier attempt
    }
    dirs.add(dirname(join(root, target)));
  }
  for (const r of journal.removals) {
    await rm(join(root, r), { force: true });
    dirs.add(dirname(join(root, r)));
  }
  for (const d of dirs) await fsyncDirectory(d).catch(() => undefined);
  await rm(join(root, JOURNAL), { force: true });
}

/** Finish a commit interrupted by a crash, then sweep temp debris. Returns true if a journal was replayed. */
export async function replayJournal(root: string): Promise<boolean> {
  let journal: Journal | undefined;
  try {
    journal = JSON.parse(await readFile(join(root, JOURNAL), 'utf8')) as Journal;
  } catch {
    journal = undefined;
  }
  if (journal) await applyJournal(root, journal);
  await sweepTempFiles(root);
  return journal !== undefined;
}

/** Temp files (TEMP_PREFIX) anywhere under the dataset: debris of writes that never committed. */
export async function findTempFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, depth: number) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory() && depth < 5) await walk(join(dir, e.name), depth + 1);
      else if (e.isFile() && e.name.startsWith(TEMP_PREFIX)) out.push(join(dir, e.name));
    }
  };
  await walk(root, 0);
  return out;
}

async function sweepTempFiles(root: string): Promise<void> {
  for (const f of await findTempFiles(root)) await rm(f, { force: true });
}
