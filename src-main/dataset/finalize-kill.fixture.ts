// Child process for the finalize-crash test: records one episode into the dataset at argv[2], then saves it
// (finalize: parquet, metadata, journal, renames) and SIGKILLs itself just before its N-th file-system write
// (argv[3]; 0 runs to the end). Prints "writes <n>" when the save completes, so the parent can spread its
// kill points over every write the finalize makes.
import { syncBuiltinESMExports } from 'node:module';
import fs from 'node:fs';
import { Dataset } from './dataset';
import { jointState, specFor } from './testing/fixtures';

const dir = process.argv[2];
const killAt = Number(process.argv[3] ?? 0);
const FRAMES = 120;

let armed = false;
let writes = 0;
/** Counts a write and dies before performing the one the parent chose. */
function writePoint(): void {
  if (!armed) return;
  writes++;
  if (writes === killAt) process.kill(process.pid, 'SIGKILL');
}

// Every call that changes the disk, on the promises API and on file handles; patched in place, then synced
// into the ES module bindings the dataset code imported.
const promises = fs.promises as unknown as Record<string, (...args: unknown[]) => unknown>;
for (const name of ['open', 'writeFile', 'appendFile', 'rename', 'rm', 'unlink', 'mkdir', 'copyFile', 'truncate']) {
  const original = promises[name];
  promises[name] = function (this: unknown, ...args: unknown[]) {
    // open for reading changes nothing
    if (!(name === 'open' && (args[1] === undefined || args[1] === 'r'))) writePoint();
    return original.apply(this, args);
  };
}
syncBuiltinESMExports();
const probe = await fs.promises.open(process.execPath, 'r');
const handleProto = Object.getPrototypeOf(probe) as Record<string, (...args: unknown[]) => unknown>;
await probe.close();
for (const name of ['write', 'writeFile', 'sync', 'datasync', 'truncate']) {
  const original = handleProto[name];
  handleProto[name] = function (this: unknown, ...args: unknown[]) {
    writePoint();
    return original.apply(this, args);
  };
}

const ds = await Dataset.openOrCreate(dir, specFor());
const ep = await ds.beginEpisode({ task: 'survive a crash in finalize', flushIntervalMs: 1e9 });
for (let i = 0; i < FRAMES; i++) ep.appendFrame({ timestamp: i / 100, state: jointState(1000 + i), action: jointState(1000 + i, 0.1) });
await ep.flush(); // every frame is in the crash-safe log before finalize starts
armed = true;
await ep.save();
armed = false;
await ds.close();
process.stdout.write(`writes ${writes}\n`);
