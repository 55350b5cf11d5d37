import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const busy = join(import.meta.dirname, 'busy.mjs');

describe('scripts/busy.mjs, the load generator', () => {
  it('stands where the command does: exits with its status and says how long it ran under load', () => {
    const r = spawnSync(process.execPath, [busy, '--loops', '1', '--', process.execPath, '-e', 'process.exit(3)'], { encoding: 'utf8' });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/busy: 1 busy loop\(s\)/);
    expect(r.stderr).toMatch(/exited 3 after \d+\.\d s beside 1 busy loop\(s\)/);
  });

  it('refuses a bad option with a reason', () => {
    const r = spawnSync(process.execPath, [busy, '--loops', 'many'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--loops needs a positive number/);
  });
});
