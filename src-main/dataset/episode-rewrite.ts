// Trim and delete: data files are rewritten from the first affected one on, renumbering `episode_index` and
// the global `index` so every file, meta/episodes and the studio notes agree, in one journaled commit.
// Video files are left as they are: trimmed or deleted segments simply stop being referenced.
import { join } from 'node:path';
import type { EpisodeRecord } from './dataset-meta';
import { type DatasetState, stageMetadata, studioNotes } from './dataset-state';
import { computeEpisodeStats, framesToRows, rowsToColumns, rowsToFrames } from './episode-frames';
import { FileTransaction } from './file-transaction';
import { dataFilePath } from './lerobot-format';
import { encodeParquet, type ParquetRow, readParquetRows } from './parquet-io';

/** Keep or change one episode's rows and record; null drops it. */
export type EpisodeEdit = (index: number, rows: ParquetRow[], record: EpisodeRecord) => { rows: ParquetRow[]; record: EpisodeRecord } | null;

export async function rewriteEpisodes(state: DatasetState, firstAffected: number, edit: EpisodeEdit): Promise<DatasetState> {
  const { info, root } = state;
  const tx = new FileTransaction(root);
  const files = [...new Set(state.records.map((r) => `${r.dataChunk}/${r.dataFile}`))];
  const records: EpisodeRecord[] = [];
  const studio = studioNotes(state);
  const keptStudio: typeof studio = [];
  let nextIndex = 0;
  try {
    for (const key of files) {
      const [chunk, file] = key.split('/').map(Number);
      const inFile = state.records.map((r, i) => [r, i] as const).filter(([r]) => r.dataChunk === chunk && r.dataFile === file);
      const lastInFile = inFile[inFile.length - 1][0];
      if (lastInFile.episodeIndex < firstAffected) {
        for (const [r, i] of inFile) {
          records.push(r);
          keptStudio.push(studio[i]);
        }
        nextIndex = lastInFile.to;
        continue;
      }
      const rel = dataFilePath(info, chunk, file);
      const all = await readParquetRows(join(root, rel));
      const out: ParquetRow[] = [];
      const groups: number[] = [];
      for (const [rec, i] of inFile) {
        const edited = edit(i, all.filter((row) => Number(row.episode_index) === rec.episodeIndex), rec);
        if (!edited) continue;
        const episodeIndex = records.length;
        const taskOf = edited.rows.map((row) => Number(row.task_index));
        const restamped = framesToRows(info, rowsToFrames(info, episodeIndex, edited.rows), episodeIndex, nextIndex, (f) => taskOf[f]);
        const stats = { ...edited.record.stats, ...computeEpisodeStats(info, restamped) };
        records.push({ ...edited.record, episodeIndex, length: restamped.length, from: nextIndex, to: nextIndex + restamped.length, stats });
        keptStudio.push(studio[i]);
        nextIndex += restamped.length;
        for (const row of restamped) out.push(row); // no spread: episodes can exceed the argument limit
        groups.push(restamped.length);
      }
      if (out.length) await tx.put(rel, encodeParquet(rowsToColumns(info, out, rel), { rowGroupSize: groups }));
      else tx.remove(rel);
    }
    const next: DatasetState = { root, info: structuredClone(info), records, tasks: state.tasks, studio: keptStudio };
    await stageMetadata(tx, next);
    await tx.commit();
    return next;
  } catch (e) {
    await tx.abort();
    throw e;
  }
}

/** The edit that keeps frames [from, to) of episode `target` and moves its video windows to match. */
export function trimEdit(target: number, from: number, to: number, fps: number): EpisodeEdit {
  return (i, rows, record) => {
    if (i !== target) return { rows, record };
    const videos: EpisodeRecord['videos'] = {};
    for (const [k, v] of Object.entries(record.videos)) {
      const start = v.fromTimestamp + from / fps;
      videos[k] = { ...v, fromTimestamp: start, toTimestamp: start + (to - from) / fps };
    }
    return { rows: rows.slice(from, to), record: { ...record, videos } };
  };
}
