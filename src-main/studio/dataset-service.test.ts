import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../api';
import { Dataset } from '../dataset';
import { DatasetService } from './dataset-service';

const JOINTS = ['shoulder_pan', 'elbow_flex'];
const STATE = [...JOINTS, 'cube.x', 'cube.y', 'cube.z', 'cube.qw', 'cube.qx', 'cube.qy', 'cube.qz'];

async function recordEpisode(ds: Dataset, frames: number, task: string) {
  const ep = await ds.beginEpisode({ task });
  for (let i = 0; i < frames; i++) {
    const state = new Float32Array([i * 0.01, -i * 0.02, 0.2 + i * 0.001, 0.1, 0.015, 1, 0, 0, 0]);
    ep.appendFrame({ timestamp: i / 50, state, action: new Float32Array([i * 0.01 + 0.005, -i * 0.02]) });
  }
  await ep.save();
}

describe('DatasetService', () => {
  let root: string;
  let path: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'praxis-ds-'));
    path = join(root, 'demos');
    const ds = await Dataset.openOrCreate(path, { fps: 50, robotType: 'so101', stateNames: STATE, actionNames: JOINTS });
    await recordEpisode(ds, 40, 'reach');
    await recordEpisode(ds, 25, 'push the cube');
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('lists the datasets in its folder and skips folders that are not datasets', async () => {
    await writeFile(join(root, 'notes.txt'), 'hello');
    const service = new DatasetService(root);
    const list = await service.list();
    expect(list).toEqual([{ name: 'demos', path, episodes: 2, frames: 65, fps: 50, robotType: 'so101' }]);
  });

  it('returns an episode as flat columns with object poses regrouped from the state', async () => {
    const service = new DatasetService(root);
    const ep = await service.episode(path, 1);
    expect(ep.task).toBe('push the cube');
    expect(ep.timestamps).toHaveLength(25);
    expect(ep.timestamps[10]).toBeCloseTo(10 / 50, 5);
    expect(ep.stateNames).toEqual(STATE);
    expect(ep.state).toHaveLength(25 * STATE.length);
    expect(ep.action[2 * 2 + 1]).toBeCloseTo(-0.04, 5);
    expect(Object.keys(ep.objects)).toEqual(['cube']);
    expect(ep.objects.cube.slice(7 * 3, 7 * 3 + 3).map((v) => Number(v.toFixed(4)))).toEqual([0.203, 0.1, 0.015]);
  });

  it('tags, marks, trims and deletes through the dataset and reports the new listing', async () => {
    const service = new DatasetService(root);
    let detail = await service.setTags(path, 0, ['clean', ' clean ', 'slow']);
    expect(detail.episodeList[0].tags).toEqual(['clean', 'slow']);
    detail = await service.setSuccess(path, 0, true);
    expect(detail.episodeList[0].success).toBe(true);
    detail = await service.trim(path, 0, 5, 35);
    expect(detail.episodeList[0].length).toBe(30);
    detail = await service.deleteEpisode(path, 0);
    expect(detail.episodeList.map((e) => e.length)).toEqual([25]);
    // A fresh service (no cache) reads the same from disk.
    expect((await new DatasetService(root).detail(path)).episodeList[0].tasks).toEqual(['push the cube']);
  });

  it('refuses relative paths and missing episodes with coded errors', async () => {
    const service = new DatasetService(root);
    await expect(service.detail('demos')).rejects.toMatchObject({ code: ErrorCodes.INVALID_ARGUMENT });
    await expect(service.episode(path, 9)).rejects.toMatchObject({ code: ErrorCodes.INVALID_ARGUMENT });
    await expect(service.detail(join(root, 'nope'))).rejects.toMatchObject({ code: ErrorCodes.DATASET_NOT_FOUND });
  });
});
