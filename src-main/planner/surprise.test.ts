import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorldModel } from '../model';
import { oneBlockLatentErrors, quantile, SURPRISE_FILE, SurpriseMonitor, surpriseCalibrationFromErrors, surpriseCalibrationRead, surpriseCalibrationWrite } from './surprise';

const MODEL = join(__dirname, '../../models/sim-arm');

describe('surprise calibration', () => {
  it('reads the threshold at the asked quantile of held-out errors', () => {
    const errors = Array.from({ length: 1001 }, (_, i) => i / 1000);
    const c = surpriseCalibrationFromErrors(errors, 'test', 0.99);
    expect(c.threshold).toBeCloseTo(0.99, 9);
    expect(c.median).toBeCloseTo(0.5, 9);
    expect(quantile([3, 1, 2], 0.5)).toBe(2);
  });

  it('refuses to calibrate on too few windows', () => {
    expect(() => surpriseCalibrationFromErrors([1, 2, 3], 'tiny')).toThrow(/at least 50/);
  });

  it('round-trips through the model folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'surprise-'));
    const c = surpriseCalibrationFromErrors(Array.from({ length: 100 }, (_, i) => i), 'test');
    await surpriseCalibrationWrite(dir, c);
    expect(await surpriseCalibrationRead(dir)).toEqual(c);
    expect(JSON.parse(await readFile(join(dir, SURPRISE_FILE), 'utf8')).format).toBe('praxis-surprise/1');
    expect(await surpriseCalibrationRead(join(dir, 'missing'))).toBeNull();
  });

  it('the monitor flags only blocks past the threshold', () => {
    const m = new SurpriseMonitor(surpriseCalibrationFromErrors(Array.from({ length: 100 }, () => 1), 'flat'));
    expect(m.judge(0, [0, 0], [0.6, 0.8]).surprised).toBe(false);
    expect(m.judge(1, [0, 0], [3, 4])).toMatchObject({ surprised: true, error: 5, ratio: 5 });
    expect(m.events.map((e) => e.block)).toEqual([0, 1]);
  });
});

describe('one-block latent error with the shipped model', () => {
  let model: WorldModel;
  beforeAll(async () => {
    model = await WorldModel.load(MODEL);
  });
  afterAll(async () => {
    await model.dispose();
  });

  /** The arm at rest holding its pose, the cube on the table; `jumpAt` teleports the cube 10 cm. */
  function restingEpisode(length: number, jumpAt = -1) {
    const { obsDim, actDim } = model.card.dims;
    const pose = [0, -0.5, 0.6, 0.8, 0, 0.3];
    const observation = new Float32Array(length * obsDim);
    const action = new Float32Array(length * actDim);
    for (let f = 0; f < length; f++) {
      const o = observation.subarray(f * obsDim, (f + 1) * obsDim);
      o.set(pose, 0);
      o.set([jumpAt >= 0 && f >= jumpAt ? 0.35 : 0.25, 0, 0.015, 1, 0, 0, 0], 12);
      action.set(pose, f * actDim);
    }
    return { length, observation, action };
  }

  it('scores every block boundary with a full history, and a teleported cube far above a still scene', async () => {
    const { history: H, frameskip: fs } = model.card.dims;
    const still = await oneBlockLatentErrors(model, [restingEpisode(60)]);
    expect(still.length).toBe(Math.floor((60 - 1 - (H - 1) * fs) / fs));
    const jumpFrame = (H - 1) * fs + 3 * fs; // first seen as the outcome of the 3rd scored block
    const moved = await oneBlockLatentErrors(model, [restingEpisode(60, jumpFrame)]);
    expect(moved[2]).toBeGreaterThan(3 * Math.max(...still));
    expect(moved[1]).toBeCloseTo(still[1], 5);
  });
});
