import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dataset } from './dataset';
import { readTasks } from './dataset-meta';
import { featureUnits } from './feature-units';
import { importLeRobotDataset } from './import-dataset';
import { specFor, withTempDir } from './testing/fixtures';
import { writeLeRobotSo101Dataset } from './testing/lerobot-so101-fixture';
import { verifyDataset } from './verify';

describe('a dataset as LeRobot writes it (SO-101 follower, degrees)', () => {
  it.each(['unnamed', 'named'] as const)('verifies clean with the tasks index pandas stores (%s index)', async (tasksIndex) => {
    await withTempDir(async (dir) => {
      await writeLeRobotSo101Dataset(dir, { tasksIndex });
      expect(await verifyDataset(dir)).toEqual([]);
      expect(await readTasks(dir)).toEqual(['Grab the cube']);
    });
  });

  it('still reports a tasks table pandas would read with a RangeIndex', async () => {
    await withTempDir(async (dir) => {
      await writeLeRobotSo101Dataset(dir, { tasksIndex: 'none' });
      const problems = await verifyDataset(dir);
      expect(problems).toMatchObject([{ code: 'DATASET_INCOMPATIBLE', severity: 'error', file: 'meta/tasks.parquet' }]);
    });
  });

  it('imports without --force and keeps its units: degrees for the body, 0–100 for the gripper', async () => {
    await withTempDir(async (dir) => {
      const src = join(dir, 'lerobot');
      await writeLeRobotSo101Dataset(src);
      const { dataset, problems } = await importLeRobotDataset(src, join(dir, 'imported'));
      expect(problems).toEqual([]);
      const written = JSON.parse(await readFile(join(dir, 'imported', 'meta/info.json'), 'utf8'));
      expect(written.features['observation.state'].units).toEqual(['deg', 'deg', 'deg', 'deg', 'deg', 'range_0_100']);
      expect(written.features.action.units).toEqual(['deg', 'deg', 'deg', 'deg', 'deg', 'range_0_100']);
      // and the source, a LeRobot dataset, was only read
      expect(JSON.parse(await readFile(join(src, 'meta/info.json'), 'utf8')).features.action.units).toBeUndefined();
      expect(featureUnits(dataset.info(), 'observation.state', true)).toMatchObject({ source: 'info.json' });
    });
  });

  it('a dataset Praxis recorded says radians in its own info.json, whatever its robot type', async () => {
    await withTempDir(async (dir) => {
      const ds = await Dataset.openOrCreate(dir, { ...specFor(), stateNames: ['shoulder_pan.pos', 'gripper.pos'], actionNames: ['shoulder_pan.pos', 'gripper.pos'] });
      await ds.close();
      const info = JSON.parse(await readFile(join(dir, 'meta/info.json'), 'utf8'));
      expect(info.robot_type).toBe('so101_follower');
      expect(info.features.action.units).toEqual(['rad', 'rad']);
    });
  });

  it('an older Praxis dataset without units is read as radians (its studio folder says who wrote it); a foreign one with no robot convention stays unknown', async () => {
    await withTempDir(async (dir) => {
      const src = join(dir, 'old');
      await writeLeRobotSo101Dataset(src, { episodes: 2, framesPerEpisode: 40 });
      await mkdir(join(src, '.praxis'));
      await writeFile(join(src, '.praxis/episodes.json'), '{"version":1,"episodes":[]}');
      expect(featureUnits((await Dataset.open(src)).info(), 'action', false).units[0]).toBe('rad');
      const other = join(dir, 'other');
      await writeLeRobotSo101Dataset(other, { episodes: 2, framesPerEpisode: 40 });
      const info = JSON.parse(await readFile(join(other, 'meta/info.json'), 'utf8'));
      await writeFile(join(other, 'meta/info.json'), JSON.stringify({ ...info, robot_type: 'aloha' }));
      expect(featureUnits((await Dataset.open(other)).info(), 'action', false)).toMatchObject({ source: 'info.json', units: ['unknown', 'unknown', 'unknown', 'unknown', 'unknown', 'unknown'] });
    });
  });

  it('refuses to record Praxis\'s radians into it, rather than mix units in one column', async () => {
    await withTempDir(async (dir) => {
      await writeLeRobotSo101Dataset(dir, { episodes: 2, framesPerEpisode: 40 });
      const joints = ['shoulder_pan.pos', 'shoulder_lift.pos', 'elbow_flex.pos', 'wrist_flex.pos', 'wrist_roll.pos', 'gripper.pos'];
      await expect(Dataset.openOrCreate(dir, { fps: 30, robotType: 'so101_follower', stateNames: joints, actionNames: joints })).rejects.toMatchObject({
        code: 'DATASET_INCOMPATIBLE',
        message: expect.stringMatching(/observation.state is recorded in deg, range_0_100; Praxis records rad/),
      });
    });
  });
});
