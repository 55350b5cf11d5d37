import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { defaultRunDir, run } from './train';

async function capture(argv: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const error = vi.spyOn(console, 'error').mockImplementation((...a) => {
    err.push(a.join(' '));
  });
  try {
    return { code: await run(argv), err: err.join('\n') };
  } finally {
    error.mockRestore();
  }
}

describe('praxis train', () => {
  it('refuses --train-encoder without --init, saying a run from scratch trains everything', async () => {
    const r = await capture(['--dataset', '/nonexistent/demos', '--out', '/nonexistent/run', '--train-encoder']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--train-encoder only applies to a fine-tune; add --init DIR/);
  });

  it('says which flags are required', async () => {
    const r = await capture(['--out', '/nonexistent/run']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--dataset is required/);
  });

  it('without --out, runs into a new folder under the models folder named after the dataset and preset', async () => {
    const root = await mkdtemp(join(tmpdir(), 'praxis-models-'));
    try {
      expect(defaultRunDir('/data/pick-cube', 'sim-arm', false, root)).toBe(join(root, 'pick-cube-sim-arm'));
      await mkdir(join(root, 'pick-cube-sim-arm'));
      expect(defaultRunDir('/data/pick-cube', 'sim-arm', false, root)).toBe(join(root, 'pick-cube-sim-arm-2'));
      // --resume continues the run that is there
      expect(defaultRunDir('/data/pick-cube', 'sim-arm', true, root)).toBe(join(root, 'pick-cube-sim-arm'));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
