import { describe, expect, it } from 'vitest';
import { ErrorCodes, type LibraryRevision, type RecorderStatus, type TrainStatus } from '../api';
import { LatestValueCursor } from './cursors';
import { LibraryRevisions } from './library-revisions';
import { fakeStudio } from './testing/fake-studio';

const recorder = (dataset: string | null, savedEpisodes: number) => ({ dataset, savedEpisodes }) as RecorderStatus;
const training = (status: TrainStatus['status'], modelDir: string | null) =>
  ({ status, finished: status === 'finished' ? { reason: 'completed', modelDir, error: null } : null }) as unknown as TrainStatus;

/** Every revision the stream offers, in order. */
function watch(library: LibraryRevisions): LibraryRevision[] {
  const seen: LibraryRevision[] = [];
  const c = library.openStream();
  c.onReady(() => {
    const v = c.poll();
    if (v) seen.push(v);
  });
  return seen;
}

describe('the library revision stream', () => {
  it('moves the dataset counter when a recording opens a dataset and at every saved episode', () => {
    const library = new LibraryRevisions();
    const seen = watch(library);
    const status = new LatestValueCursor<RecorderStatus>(recorder(null, 0), () => undefined);
    library.watchRecorder(status);
    expect(seen).toEqual([]);
    status.offer(recorder('/data/demos', 0));
    status.offer(recorder('/data/demos', 0)); // a status push that changes nothing listed
    status.offer(recorder('/data/demos', 1));
    status.offer(recorder('/data/demos', 2));
    expect(seen.map((r) => r.datasets)).toEqual([1, 2, 3]);
    expect(library.current.models).toBe(0);
  });

  it('moves the model counter once when a run finishes with a model, not for a run finished before', () => {
    const library = new LibraryRevisions();
    const status = new LatestValueCursor<TrainStatus>(training('finished', '/models/old'), () => undefined);
    library.watchTraining(status);
    expect(library.current.models).toBe(0);
    status.offer(training('running', null));
    status.offer(training('finished', '/models/run-1'));
    status.offer(training('finished', '/models/run-1'));
    expect(library.current.models).toBe(1);
    status.offer(training('running', null));
    status.offer(training('finished', null)); // a failed run adds nothing
    expect(library.current.models).toBe(1);
  });

  it('moves a counter only after the change it follows succeeded', async () => {
    const library = new LibraryRevisions();
    await library.afterDatasets(Promise.resolve('imported'));
    await expect(library.afterModels(Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    expect(library.current).toEqual({ datasets: 1, models: 0 });
  });

  it('is served by the studio as the library.changed stream', () => {
    const { studio } = fakeStudio();
    const cursor = studio.handlers.streams['library.changed']();
    expect(cursor.poll()).toEqual({ datasets: 0, models: 0 });
  });
});

describe('keys under the e-stop', () => {
  it('are refused with ESTOP and the reason, and released keys are still accepted', async () => {
    const { studio } = fakeStudio();
    try {
      await studio.handlers.calls['robot.connect']({ kind: 'sim', model: 'so101' });
      await studio.handlers.calls['teleop.keys']({ held: ['KeyW'] });
      await studio.handlers.calls['robot.estop']({});
      await expect(studio.handlers.calls['teleop.keys']({ held: ['KeyW'] })).rejects.toMatchObject({
        code: ErrorCodes.ESTOP,
        message: expect.stringMatching(/ignored.*e-stop/),
        hint: expect.stringMatching(/Release/),
      });
      await expect(studio.handlers.calls['teleop.keys']({ held: [] })).resolves.toEqual({ ok: true });
    } finally {
      await studio.shutdown();
    }
  });
});
