import { describe, expect, it, vi } from 'vitest';
import { run } from './train';

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
    const r = await capture(['--dataset', '/nonexistent/demos']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--dataset and --out are required/);
  });
});
