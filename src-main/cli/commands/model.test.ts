import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TrainingRun } from '../../model';
import { syntheticData } from '../../model/trainer/testing/synthetic';
import { evalReportText, run } from './model';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'praxis-cli-model-'));
  await new TrainingRun(
    {
      data: syntheticData({ episodes: 4, length: 80, seed: 1 }),
      out: join(dir, 'run'),
      preset: 'tiny',
      threads: 1,
      exportBatch: { encoder: 16, predictor: 16, probe: 16 },
      train: { steps: 6, batch: 8, evalEvery: 6, warmupSteps: 1, sigregDirections: 8, evalWindows: 8 },
    },
    () => undefined,
  ).run();
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => {
    out.push(a.join(' '));
  });
  const error = vi.spyOn(console, 'error').mockImplementation((...a) => {
    err.push(a.join(' '));
  });
  try {
    return { code: await run(argv), out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('praxis model', () => {
  it('prints what a model reads and how it scores', async () => {
    const r = await capture(['info', join(dir, 'run')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/reads 4 observation values \(joint0\.pos, joint1\.pos/);
    expect(r.out).toMatch(/k-step mean absolute joint error/);
    const j = await capture(['info', join(dir, 'run'), '--json']);
    expect(JSON.parse(j.out).dims).toMatchObject({ obsDim: 4, actDim: 2 });
  });

  it('exports a checkpoint to a model directory that info can read', async () => {
    const out = join(dir, 'exported');
    const r = await capture(['export', '--checkpoint', join(dir, 'run', 'checkpoints', 'last.safetensors'), '--out', out]);
    expect(r.code).toBe(0);
    expect((await capture(['info', out, '--json'])).code).toBe(0);
  });

  it('answers bad usage with exit code 2 and a pointer to --help', async () => {
    const r = await capture(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/praxis model --help/);
    expect((await capture(['eval', join(dir, 'run')])).code).toBe(2);
    await expect(capture(['info', join(dir, 'nowhere')])).rejects.toMatchObject({ code: 'MODEL_INCOMPATIBLE' });
  });

  it('states every error in the unit of the data it was measured on', async () => {
    const { out } = await capture(['info', join(dir, 'run'), '--json']);
    const report = JSON.parse(out).metrics;
    expect(report.unit).toBe('rad');
    expect(evalReportText(report)).toContain('joint error (rad)');
    const inDegrees = evalReportText({ ...report, unit: 'deg' });
    expect(inDegrees).toContain('joint error (degrees)');
    expect(inDegrees).not.toMatch(/\brad\b/);
  });
});
