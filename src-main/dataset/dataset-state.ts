// The in-memory picture of a dataset (info, episode rows, tasks, studio notes) and how a new picture is
// staged to disk: every metadata file derived from it goes into one FileTransaction.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type EpisodeRecord, type StatsLayout, type StudioEpisode, defaultStudioEpisode, writeEpisodes, writeInfo, writeStats, writeStudioEpisodes } from './dataset-meta';
import { aggregateStats } from './feature-stats';
import type { FileTransaction } from './file-transaction';
import { type DatasetInfoJson, EPISODES_DIR, episodesFilePath, IMAGE_KEY_PREFIX, nextChunkFile, STATS_PATH, videoKeys } from './lerobot-format';

export interface DatasetState {
  readonly root: string;
  info: DatasetInfoJson;
  records: EpisodeRecord[];
  /** Task strings by task_index. */
  tasks: string[];
  /** Studio notes by episode index (may be shorter than `records`). */
  studio: StudioEpisode[];
}

/** Studio notes padded to one per episode. */
export function studioNotes(state: DatasetState): StudioEpisode[] {
  return state.records.map((_, i) => state.studio[i] ?? defaultStudioEpisode());
}

export function cameraNames(info: DatasetInfoJson): string[] {
  return videoKeys(info).filter((k) => k.startsWith(IMAGE_KEY_PREFIX)).map((k) => k.slice(IMAGE_KEY_PREFIX.length));
}

/** Stage meta/episodes, info.json (totals recomputed), stats.json and the studio notes for `next`. */
export async function stageMetadata(tx: FileTransaction, next: DatasetState): Promise<void> {
  const { info, records } = next;
  info.total_episodes = records.length;
  info.total_frames = records.reduce((a, r) => a + r.length, 0);
  info.total_tasks = next.tasks.length;
  info.splits = { train: `0:${records.length}` };
  const layout = statsLayout(info);
  // meta/episodes is rewritten whole into chunk-000/file-000; other files (from LeRobot's writer) go in the same commit.
  for (const rel of await listEpisodeFiles(next.root)) if (rel !== episodesFilePath(0, 0)) tx.remove(rel);
  await writeStudioEpisodes(tx, next.studio);
  if (records.length > 0) {
    await writeEpisodes(tx, records, videoKeys(info), layout);
    await writeStats(tx, aggregateStats(records.map((r) => r.stats)), layout);
  } else {
    tx.remove(episodesFilePath(0, 0));
    tx.remove(STATS_PATH);
  }
  await writeInfo(tx, info);
}

function statsLayout(info: DatasetInfoJson): StatsLayout {
  const layout: StatsLayout = {};
  for (const [k, f] of Object.entries(info.features)) {
    if (['string', 'language', 'image'].includes(f.dtype)) continue;
    layout[k] = { float32: f.dtype === 'float32' || f.dtype === 'video', image: f.dtype === 'video' };
  }
  return layout;
}

async function listEpisodeFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  try {
    for (const chunk of await readdir(join(root, EPISODES_DIR))) {
      for (const f of await readdir(join(root, EPISODES_DIR, chunk))) if (f.endsWith('.parquet')) out.push(`${EPISODES_DIR}/${chunk}/${f}`);
    }
  } catch {
    // no episodes yet
  }
  return out;
}

/** The newest (chunk, file) any episode of video feature `key` lives in. */
export function lastVideoSlot(records: EpisodeRecord[], key: string): [number, number] | undefined {
  let last: [number, number] | undefined;
  for (const r of records) {
    const v = r.videos[key];
    if (v && (!last || v.chunk > last[0] || (v.chunk === last[0] && v.file > last[1]))) last = [v.chunk, v.file];
  }
  return last;
}

export function nextVideoSlot(state: DatasetState, key: string): [number, number] {
  const last = lastVideoSlot(state.records, key);
  return last ? nextChunkFile(last[0], last[1], state.info.chunks_size) : [0, 0];
}
