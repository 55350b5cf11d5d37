import type { LibraryRevision, RecorderStatus, TrainStatus } from '../api';
import { LatestValueCursor } from './cursors';

/**
 * The library's revision counters and the stream that pushes them. Services that change what a list
 * shows bump a counter; the recorder and the trainer are watched through their own status streams, so
 * neither needs to know that lists exist.
 */
export class LibraryRevisions {
  private revision: LibraryRevision = { datasets: 0, models: 0 };
  private readonly cursors = new Set<LatestValueCursor<LibraryRevision>>();

  get current(): LibraryRevision {
    return this.revision;
  }

  datasetsChanged(): void {
    this.revision = { ...this.revision, datasets: this.revision.datasets + 1 };
    this.publish();
  }

  modelsChanged(): void {
    this.revision = { ...this.revision, models: this.revision.models + 1 };
    this.publish();
  }

  /** Run a change to the datasets and bump the counter once it is done (whatever it returns). */
  async afterDatasets<T>(change: Promise<T>): Promise<T> {
    const result = await change;
    this.datasetsChanged();
    return result;
  }

  async afterModels<T>(change: Promise<T>): Promise<T> {
    const result = await change;
    this.modelsChanged();
    return result;
  }

  /**
   * A recording adds a dataset (when it opens one) and an episode at every save: both show in the
   * recorder's status as the dataset path and the saved count.
   */
  watchRecorder(cursor: LatestValueCursor<RecorderStatus>): () => void {
    let last = '';
    const seen = (s: RecorderStatus | null) => {
      if (!s) return;
      const key = `${s.dataset ?? ''}|${s.savedEpisodes}`;
      if (key !== last && last !== '') this.datasetsChanged();
      last = key;
    };
    seen(cursor.poll());
    cursor.onReady(() => seen(cursor.poll()));
    return () => cursor.close();
  }

  /** A run that reaches "finished" with a model folder adds a model (a run already finished at start does not). */
  watchTraining(cursor: LatestValueCursor<TrainStatus>): () => void {
    let wasFinished: boolean | null = null;
    const seen = (s: TrainStatus | null) => {
      if (!s) return;
      const finished = s.status === 'finished';
      if (finished && wasFinished === false && s.finished?.modelDir) this.modelsChanged();
      wasFinished = finished;
    };
    seen(cursor.poll());
    cursor.onReady(() => seen(cursor.poll()));
    return () => cursor.close();
  }

  openStream(): LatestValueCursor<LibraryRevision> {
    const c: LatestValueCursor<LibraryRevision> = new LatestValueCursor(this.revision, () => this.cursors.delete(c));
    this.cursors.add(c);
    return c;
  }

  private publish(): void {
    for (const c of this.cursors) c.offer(this.revision);
  }
}
