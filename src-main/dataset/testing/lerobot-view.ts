// What LeRobot sees in a dataset folder, read the way its loader reads it and without Praxis's recovery:
// info.json's totals, the files its globs find, the data rows in sorted-file order. `lerobotViewProblems`
// lists every way that view is broken (an empty list: LeRobot loads the dataset as info.json describes it).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lerobotGlobFiles, lerobotGlobStrays } from '../lerobot-globs';
import { readParquetRows } from '../parquet-io';

export async function lerobotViewProblems(root: string): Promise<string[]> {
  const problems: string[] = [];
  for (const f of await lerobotGlobStrays(root)) problems.push(`stray file in LeRobot's globs: ${f}`);
  let info: { total_episodes: number; total_frames: number; total_tasks: number };
  try {
    info = JSON.parse(await readFile(join(root, 'meta/info.json'), 'utf8'));
  } catch (e) {
    return [...problems, `meta/info.json unreadable: ${(e as Error).message}`];
  }
  const globs = await lerobotGlobFiles(root);
  const read = async (rel: string) => {
    try {
      return await readParquetRows(join(root, rel));
    } catch (e) {
      problems.push(`${rel} unreadable: ${(e as Error).message}`);
      return [];
    }
  };
  const episodes: Record<string, unknown>[] = [];
  for (const f of globs['meta/episodes/*/*.parquet']) episodes.push(...(await read(f)));
  const rows: Record<string, unknown>[] = [];
  for (const f of globs['data/*/*.parquet']) rows.push(...(await read(f)));
  // LeRobot takes total_episodes episodes from the table and total_frames rows, row i being frame `index` i.
  if (episodes.length < info.total_episodes) problems.push(`info.json says ${info.total_episodes} episodes, meta/episodes has ${episodes.length}`);
  if (rows.length < info.total_frames) problems.push(`info.json says ${info.total_frames} frames, the data files hold ${rows.length}`);
  let frames = 0;
  for (let e = 0; e < Math.min(info.total_episodes, episodes.length); e++) {
    const ep = episodes[e];
    const from = Number(ep.dataset_from_index);
    const to = Number(ep.dataset_to_index);
    if (Number(ep.episode_index) !== e || from !== frames || to - from !== Number(ep.length)) problems.push(`meta/episodes row ${e} does not follow on: ${JSON.stringify({ index: ep.episode_index, from, to, length: ep.length })}`);
    frames = to;
    for (let i = from; i < Math.min(to, rows.length); i++) {
      if (Number(rows[i].index) !== i || Number(rows[i].episode_index) !== e || Number(rows[i].frame_index) !== i - from) {
        problems.push(`data row ${i} is not frame ${i - from} of episode ${e}`);
        break;
      }
    }
  }
  if (frames !== info.total_frames) problems.push(`info.json says ${info.total_frames} frames, its ${info.total_episodes} episodes hold ${frames}`);
  return problems;
}
