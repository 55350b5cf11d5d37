// A pseudo-terminal pair from socat: two device paths wired back to back, like a null-modem cable.
// Used by the serial integration tests and the serial bench; needs the `socat` binary.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  a: string;
  b: string;
  /** Kill socat: both ends vanish, as when a USB adapter is pulled. */
  close(): Promise<void>;
  /** Start socat again on the same paths (the adapter comes back). */
  reopen(): Promise<void>;
}

export function socatAvailable(): boolean {
  return spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
}

export async function openPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'praxis-pty-'));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  let child: ChildProcess | null = null;

  // socat says when both ends exist ("starting data transfer loop", with -d -d): wait for its word,
  // not for the links to appear on a polling clock.
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const c = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: ['ignore', 'ignore', 'pipe'] });
      child = c;
      let said = '';
      const listen = (chunk: Buffer) => {
        said += chunk;
        if (!said.includes('starting data transfer loop')) return;
        c.stderr?.off('data', listen);
        c.stderr?.resume(); // keep draining what it says later
        c.off('exit', exited);
        if (existsSync(a) && existsSync(b)) resolve();
        else reject(new Error(`socat started without the pty links ${a} and ${b}`));
      };
      const exited = (code: number | null) => reject(new Error(`socat did not create the pty pair (exit ${code}): ${said.trim()}`));
      c.stderr?.on('data', listen);
      c.once('exit', exited);
    });
  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  };
  await start();
  return {
    a,
    b,
    async close() {
      await stop();
    },
    async reopen() {
      await stop();
      await start();
    },
  };
}

/** Remove the temporary directory once the pair is closed for good. */
export function removePtyDir(pair: PtyPair): void {
  rmSync(join(pair.a, '..'), { recursive: true, force: true });
}
