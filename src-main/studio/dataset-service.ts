import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import {
  type CameraFrames,
  type DatasetDetail,
  type DatasetListing,
  type DatasetStats,
  type EpisodeData,
  ErrorCodes,
  PraxisError,
} from '../api';
import { Dataset, type DatasetSpec, exportEpisodeMcap, importLeRobotDataset, type OperationOptions, summarizeDataset } from '../dataset';

const STATE = 'observation.state';
const ACTION = 'action';
/** LeRobot's name for non-robot state; the recorder stores object poses there as <object>.<x|y|z|qw|qx|qy|qz>. */
const ENVIRONMENT = 'observation.environment_state';
const POSE_PARTS = ['x', 'y', 'z', 'qw', 'qx', 'qy', 'qz'];

/**
 * Datasets for the UI: the ones in the studio's data folder, plus any the user opens by path. Open
 * datasets are cached; every edit goes through the dataset's own atomic operations.
 */
export class DatasetService {
  private readonly open = new Map<string, Dataset>();

  constructor(readonly root: string) {}

  async list(): Promise<DatasetListing[]> {
    await mkdir(this.root, { recursive: true });
    const out: DatasetListing[] = [];
    for (const entry of await readdir(this.root, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const path = join(this.root, entry.name);
      if (!existsSync(join(path, 'meta', 'info.json'))) continue;
      try {
        out.push(listing(await this.dataset(path)));
      } catch {
        // A broken dataset is reported when opened, with its coded error; the listing stays usable.
      }
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  async detail(path: string): Promise<DatasetDetail> {
    return detail(await this.dataset(path));
  }

  async episode(path: string, index: number): Promise<EpisodeData> {
    const ds = await this.dataset(path);
    const summary = ds.episodes()[index];
    if (!summary) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Episode ${index} does not exist in ${path}.`, 'Pick an episode from the list.');
    }
    const frames = await ds.readEpisode(index);
    const info = ds.info();
    const col = (key: string) => frames.columns[key];
    const state = col(STATE);
    const action = col(ACTION);
    const ts = col('timestamp');
    if (!state || !action || !ts) {
      throw new PraxisError(
        ErrorCodes.DATASET_INCOMPATIBLE,
        `${path} has no ${!state ? STATE : !action ? ACTION : 'timestamp'} column.`,
        'Praxis replays datasets with joint state, action and timestamp features.',
      );
    }
    return {
      index,
      fps: ds.fps,
      task: summary.tasks[0] ?? '',
      timestamps: Array.from(ts.values),
      stateNames: featureNames(info.features[STATE]?.names, state.width),
      actionNames: featureNames(info.features[ACTION]?.names, action.width),
      state: Array.from(state.values),
      action: Array.from(action.values),
      // Object poses may sit in LeRobot's environment_state or, as the sim recorder does, after the joints in the state.
      objects: { ...objectPoses(info.features[STATE]?.names, state), ...objectPoses(info.features[ENVIRONMENT]?.names, col(ENVIRONMENT)) },
    };
  }

  /** Camera frames of an episode, decoded from its video (for the episode browser, synced to the cursor). */
  async frames(path: string, index: number, camera: string, from: number, count: number): Promise<CameraFrames> {
    const ds = await this.dataset(path);
    const frames = await ds.readCameraFrames(index, camera, from, count);
    const width = frames[0]?.width ?? 0;
    const height = frames[0]?.height ?? 0;
    return { camera, from, width, height, frames: frames.map((f) => Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength).toString('base64')) };
  }

  async stats(path: string): Promise<DatasetStats> {
    return summarizeDataset(await this.dataset(path));
  }

  async setTags(path: string, index: number, tags: string[]): Promise<DatasetDetail> {
    const ds = await this.dataset(path);
    await ds.setTags(index, [...new Set(tags.map((t) => t.trim()).filter(Boolean))]);
    return detail(ds);
  }

  async setSuccess(path: string, index: number, success: boolean | null): Promise<DatasetDetail> {
    const ds = await this.dataset(path);
    await ds.setSuccess(index, success);
    return detail(ds);
  }

  async trim(path: string, index: number, from: number, to: number): Promise<DatasetDetail> {
    const ds = await this.dataset(path);
    await ds.trim(index, from, to);
    return detail(ds);
  }

  async deleteEpisode(path: string, index: number): Promise<DatasetDetail> {
    const ds = await this.dataset(path);
    await ds.deleteEpisode(index);
    return detail(ds);
  }

  /**
   * The dataset named `name` in the data folder, created for `spec` if new, as the recorder writes it.
   * The same instance serves the episode browser, so edits and recording never race two writers.
   */
  async openForRecording(name: string, spec: DatasetSpec): Promise<{ dataset: Dataset; path: string }> {
    if (!/^[A-Za-z0-9._-]+$/.test(name) || name.startsWith('.')) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `"${name}" is not a usable dataset name.`, 'Use letters, digits, dot, dash and underscore.');
    }
    const path = join(this.root, name);
    const key = resolve(path);
    let ds = this.open.get(key);
    if (!ds) {
      await mkdir(this.root, { recursive: true });
      ds = await Dataset.openOrCreate(key, spec);
      // Episodes a crash left in the log are finalized before anything new is recorded.
      await ds.recover();
      this.open.set(key, ds);
    }
    return { dataset: ds, path: key };
  }

  /** Copy a LeRobot v3 dataset into the data folder as `name`, verifying it first. Returns the new path. */
  async importDataset(source: string, name: string, options: OperationOptions): Promise<string> {
    if (!isAbsolute(source)) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Give the dataset's full path, not "${source}".`, 'For example /home/me/lerobot/so101_pick.');
    const target = join(this.root, name);
    await mkdir(this.root, { recursive: true });
    const { dataset } = await importLeRobotDataset(source, target, options);
    await dataset.close();
    return target;
  }

  /** Write one episode as MCAP under the data folder's exports/. Returns the file path. */
  async exportMcap(path: string, index: number, options: OperationOptions): Promise<string> {
    const ds = await this.dataset(path);
    const dir = join(this.root, 'exports');
    await mkdir(dir, { recursive: true });
    const out = join(dir, `${listing(ds).name}-episode-${String(index).padStart(4, '0')}.mcap`);
    await exportEpisodeMcap(ds, index, out, options);
    return out;
  }

  /** Release every open dataset (their writer locks): at shutdown. */
  async close(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.all(all.map((ds) => ds.close().catch(() => undefined)));
  }

  /** Forget a cached dataset (after another writer, e.g. the recorder, changed it). */
  invalidate(path: string): void {
    this.open.delete(resolve(path));
  }

  private async dataset(path: string): Promise<Dataset> {
    if (!isAbsolute(path)) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `Dataset paths must be absolute, got "${path}".`, 'Pick the dataset from the list.');
    }
    const key = resolve(path);
    let ds = this.open.get(key);
    if (!ds) {
      ds = await Dataset.open(key);
      this.open.set(key, ds);
    }
    return ds;
  }
}

function listing(ds: Dataset): DatasetListing {
  const info = ds.info();
  return {
    name: ds.root.split(/[\\/]/).pop() ?? ds.root,
    path: ds.root,
    episodes: info.total_episodes,
    frames: info.total_frames,
    fps: info.fps,
    robotType: info.robot_type ?? null,
  };
}

function detail(ds: Dataset): DatasetDetail {
  const info = ds.info();
  return {
    ...listing(ds),
    stateNames: featureNames(info.features[STATE]?.names, info.features[STATE]?.shape[0] ?? 0),
    actionNames: featureNames(info.features[ACTION]?.names, info.features[ACTION]?.shape[0] ?? 0),
    cameras: ds.cameraNames(),
    episodeList: ds.episodes(),
  };
}

function featureNames(names: unknown, width: number): string[] {
  if (Array.isArray(names) && names.length === width && names.every((n) => typeof n === 'string')) return names as string[];
  return Array.from({ length: width }, (_, i) => `${i}`);
}

/** Group `<object>.<x|y|z|qw|qx|qy|qz>` columns back into per-object pose series. */
function objectPoses(names: unknown, column: { width: number; values: ArrayLike<number> } | undefined): Record<string, number[]> {
  if (!column || !Array.isArray(names)) return {};
  const out: Record<string, number[]> = {};
  const objects = new Map<string, number[]>();
  (names as string[]).forEach((n, i) => {
    const dot = n.lastIndexOf('.');
    const part = POSE_PARTS.indexOf(n.slice(dot + 1));
    if (dot < 0 || part < 0) return;
    const obj = n.slice(0, dot);
    const idx = objects.get(obj) ?? new Array(7).fill(-1);
    idx[part] = i;
    objects.set(obj, idx);
  });
  const frames = column.values.length / column.width;
  for (const [obj, idx] of objects) {
    if (idx.some((i) => i < 0)) continue;
    const series = new Array<number>(frames * 7);
    for (let f = 0; f < frames; f++) for (let p = 0; p < 7; p++) series[f * 7 + p] = column.values[f * column.width + idx[p]];
    out[obj] = series;
  }
  return out;
}
