import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetService } from './dataset-service';
import { TrainService } from './train-service';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'praxis-train-service-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the train service', () => {
  it('refuses "train the encoder too" on a run from scratch, and starts nothing', async () => {
    // The refusal comes before any dataset is read.
    const service = new TrainService(root, null, {} as DatasetService);
    await expect(service.start({ dataset: join(root, 'demos'), preset: 'tiny', name: 'scratch', trainEncoder: true })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      hint: expect.stringMatching(/Pick a model to fine-tune from/),
    });
    expect(service.getStatus().status).toBe('idle');
  });
});
