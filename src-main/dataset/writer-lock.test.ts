import { spawn } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dataset } from './dataset';
import { specFor, withTempDir } from './testing/fixtures';

const here = new URL('.', import.meta.url).pathname;

/** A live process that is not us, standing in for another studio. */
function otherProcess() {
  return spawn('sleep', ['30']);
}

describe('one writer per dataset', () => {
  it('refuses a second live writer but takes over the lock of a dead one', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor());
      await ds.close();
      const other = otherProcess();
      try {
        await writeFile(join(dir, '.praxis/lock'), String(other.pid));
        await expect(Dataset.openOrCreate(dir, specFor())).rejects.toMatchObject({ code: 'DATASET_LOCKED', details: { pid: other.pid } });
        // readers are not blocked
        expect((await Dataset.open(dir)).info().total_episodes).toBe(0);
      } finally {
        other.kill('SIGKILL');
        await new Promise((r) => other.once('close', r));
      }
      const again = await Dataset.openOrCreate(dir, specFor());
      expect(again.info().fps).toBe(100);
    });
  });

  it('recover skips an episode log that a live recorder is still writing', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, specFor());
      await mkdir(join(dir, '.praxis/recording'), { recursive: true });
      const log = join(dir, '.praxis/recording/episode-x.mcap');
      await writeFile(log, 'being written');
      const other = otherProcess();
      try {
        await writeFile(`${log}.pid`, String(other.pid));
        expect(await ds.pendingLogs()).toEqual([]);
      } finally {
        other.kill('SIGKILL');
        await new Promise((r) => other.once('close', r));
      }
      expect(await ds.pendingLogs()).toEqual([log]);
    });
  });

  it('leaves no lock file after a process exits without closing its dataset', async () => {
    await withTempDir(async (dir) => {
      const script = `const { Dataset } = await import(${JSON.stringify(join(here, 'dataset.ts'))}); const { specFor } = await import(${JSON.stringify(join(here, 'testing/fixtures.ts'))}); await Dataset.openOrCreate(${JSON.stringify(dir)}, specFor()); console.log('locked'); process.exit(0);`;
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      const code = await new Promise((r) => child.once('close', r));
      expect([code, out.trim()]).toEqual([0, 'locked']);
      expect(await readdir(join(dir, '.praxis'))).not.toContain('lock');
    });
  });
});
