import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Dataset, STATE_KEY } from '../../dataset';
import { run } from './record';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'praxis-record-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function quietly<T>(work: () => Promise<T>): Promise<{ result: T; out: string; err: string }> {
  let out = '';
  let err = '';
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => {
    out += `${a.join(' ')}\n`;
  });
  const error = vi.spyOn(console, 'error').mockImplementation((...a) => {
    err += `${a.join(' ')}\n`;
  });
  return work()
    .then((result) => ({ result, out, err }))
    .finally(() => {
      log.mockRestore();
      error.mockRestore();
    });
}

describe('praxis record', () => {
  it('records scripted episodes of the simulated arm into a dataset and says what it saved', async () => {
    const path = join(dir, 'ds');
    const { result, out } = await quietly(() => run(['--robot', 'sim', '--teleop', 'scripted', '--episodes', '2', '--dataset', path, '--fps', '30', '--seconds', '1']));
    expect(result).toBe(0);
    expect(out).toMatch(/episode 2\/2: 30 frames, saved as episode 1/);
    const dataset = await Dataset.open(path);
    expect(dataset.episodes().map((e) => [e.length, e.tasks[0]])).toEqual([
      [30, 'scripted reach, push and explore'],
      [30, 'scripted reach, push and explore'],
    ]);
  });

  it('a second run into the same dataset adds new episodes, not repeats of the first', async () => {
    const path = join(dir, 'twice');
    const args = ['--robot', 'sim', '--teleop', 'scripted', '--episodes', '1', '--dataset', path, '--fps', '30', '--seconds', '2'];
    expect((await quietly(() => run(args))).result).toBe(0);
    expect((await quietly(() => run(args))).result).toBe(0);
    const dataset = await Dataset.open(path);
    const first = (await dataset.readEpisode(0)).columns[STATE_KEY].values;
    const second = (await dataset.readEpisode(1)).columns[STATE_KEY].values;
    expect(Array.from(second)).not.toEqual(Array.from(first));
  });

  it('explains what it cannot do instead of failing obscurely', async () => {
    const cases: [string[], RegExp][] = [
      [['--robot', 'serial', '--teleop', 'scripted', '--episodes', '1', '--dataset', dir], /cannot record from the command line/],
      [['--robot', 'sim', '--teleop', 'keyboard', '--episodes', '1', '--dataset', dir], /needs the app/],
      [['--robot', 'sim', '--teleop', 'scripted', '--episodes', '0', '--dataset', dir], /--episodes must be a whole number/],
      [['--robot', 'sim', '--teleop', 'scripted', '--episodes', '1', '--dataset', dir, '--fps', '500'], /--fps must be a rate from 30 to 200/],
      [['--robot', 'sim', '--teleop', 'scripted', '--episodes', '1'], /--dataset DIR/],
    ];
    for (const [args, message] of cases) {
      const { result, err } = await quietly(() => run(args));
      expect(result).toBe(2);
      expect(err).toMatch(message);
    }
  });

  it('refuses to mix rates in one dataset', async () => {
    const path = join(dir, 'ds');
    const { result, err } = await quietly(() => run(['--robot', 'sim', '--teleop', 'scripted', '--episodes', '1', '--dataset', path, '--fps', '60', '--seconds', '1']));
    expect(result).toBe(1);
    expect(err).toMatch(/DATASET_INCOMPATIBLE/);
  });

  it('prints its options with --help', async () => {
    const { result, out } = await quietly(() => run(['--help']));
    expect(result).toBe(0);
    expect(out).toMatch(/--teleop scripted/);
  });
});
