import { useCallback, useEffect, useState } from 'react';
import type { DatasetDetail, DatasetListing } from '../../../src-main/api';
import { useReplay, useStudio } from '../../state/context';
import { useLatest } from '../../state/use-stream';
import { CameraView } from './CameraView';
import { DatasetStatsView } from './DatasetStatsView';
import { EpisodeActions } from './EpisodeActions';
import { EpisodePlot } from './EpisodePlot';
import { Timeline } from './Timeline';


/** The episode browser: pick a dataset, open an episode, replay it in 3D with synced plots, curate it. */
export function Episodes() {
  const { api, replay, failures } = useStudio();
  const { episode, path: openPath } = useReplay();
  const [datasets, setDatasets] = useState<DatasetListing[]>([]);
  const [root, setRoot] = useState('');
  const [path, setPath] = useState<string | null>(null);
  const [detail, setDetail] = useState<DatasetDetail | null>(null);
  const [error, setError] = useState<{ message: string; hint?: string } | null>(null);
  const [version, setVersion] = useState(0);
  const [showStats, setShowStats] = useState(false);
  const [showImport, setShowImport] = useState(false);
  const [importSource, setImportSource] = useState('');
  const [importName, setImportName] = useState('');
  // A recording, an import or a curation elsewhere moves the library's dataset revision: list again.
  const datasetsRevision = useLatest('library.changed')?.datasets ?? 0;
  /** Shown here beside the list, and in the status bar with every other failure. */
  const fail = useCallback((action: string) => (e: unknown) => setError(failures.report(action, e)), [failures]);

  const refresh = useCallback(() => {
    api
      .call('dataset.list', {})
      .then((r) => {
        setRoot(r.root);
        setDatasets(r.datasets);
        setPath((p) => p ?? r.datasets[0]?.path ?? null);
      })
      .catch(fail('List datasets'));
  }, [api, fail]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the revision is the trigger to list again
  useEffect(refresh, [refresh, datasetsRevision]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the revision is the trigger to open again (episode counts change)
  useEffect(() => {
    if (!path) return;
    setError(null);
    api
      .call('dataset.open', { path })
      .then(setDetail)
      .catch(fail('Open the dataset'));
  }, [api, path, datasetsRevision, fail]);

  const openEpisode = async (index: number) => {
    if (!path) return;
    try {
      setError(null);
      const [data, model] = await Promise.all([
        api.call('dataset.episode', { path, index }),
        // Without a live robot the 3D view draws the dataset's own robot.
        api.call('dataset.robotModel', { path }).catch((e) => {
          // The replay still works without it, but say why the 3D view has no robot.
          fail('Load the robot model of the dataset')(e);
          return null;
        }),
      ]);
      replay.load(path, data, model);
    } catch (e) {
      fail(`Open episode ${index}`)(e);
    }
  };

  const onChanged = (next: DatasetDetail, reload: boolean) => {
    setDetail(next);
    setVersion((v) => v + 1);
    if (reload && episode) {
      if (next.episodeList.some((e) => e.index === episode.index)) void openEpisode(episode.index);
      else replay.close();
    }
  };

  const current = episode && openPath === path ? detail?.episodeList.find((e) => e.index === episode.index) : undefined;
  return (
    <div className="episodes">
      <div className="episodes__bar">
        <select aria-label="Dataset" value={path ?? ''} onChange={(e) => setPath(e.target.value)}>
          {datasets.length === 0 && <option value="">No datasets in {root || 'the data folder'} yet</option>}
          {datasets.map((d) => (
            <option key={d.path} value={d.path}>
              {d.name} — {d.episodes} episodes
            </option>
          ))}
        </select>
        <button type="button" onClick={refresh}>
          Refresh
        </button>
        <button type="button" className={showStats ? 'on' : ''} onClick={() => setShowStats((s) => !s)} disabled={!path}>
          Statistics
        </button>
        <button type="button" className={showImport ? 'on' : ''} onClick={() => setShowImport((s) => !s)}>
          Import…
        </button>
        {episode && (
          <button type="button" onClick={() => replay.close()}>
            Back to live
          </button>
        )}
      </div>
      {showImport && (
        <form
          className="episodes__import"
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            api
              .call('dataset.import', { source: importSource.trim(), name: importName.trim() })
              .catch(fail('Import a dataset'));
          }}
        >
          <input aria-label="Dataset to import" placeholder="/path/to/lerobot/dataset" value={importSource} onChange={(e) => setImportSource(e.target.value)} />
          <input aria-label="Import as" placeholder="name" value={importName} onChange={(e) => setImportName(e.target.value)} />
          <button type="submit" className="primary" disabled={!importSource.trim() || !importName.trim()}>
            Import
          </button>
        </form>
      )}
      {error && (
        <div className="inline-error" role="alert">
          {error.message}
          {error.hint && <div className="hint">{error.hint}</div>}
        </div>
      )}
      {showStats && path && <DatasetStatsView path={path} version={version} />}
      <table className="episodes__table" aria-label="Episodes">
        <thead>
          <tr>
            <th>#</th>
            <th>length</th>
            <th>task</th>
            <th>tags</th>
            <th>outcome</th>
          </tr>
        </thead>
        <tbody>
          {detail?.episodeList.map((e) => (
            <tr
              key={e.index}
              className={episode?.index === e.index && openPath === path ? 'selected' : undefined}
              onClick={() => void openEpisode(e.index)}
              data-testid={`episode-row-${e.index}`}
            >
              <td>{e.index}</td>
              <td>{e.durationS.toFixed(1)} s</td>
              <td>{e.tasks.join(', ')}</td>
              <td>{e.tags.join(', ')}</td>
              <td>{e.success === null ? '' : e.success ? '✓' : '✗'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {episode && openPath === path && (
        <>
          <Timeline />
          <div className="episodes__media">
            <EpisodePlot episode={episode} />
            {path &&
              detail?.cameras.map((c) => <CameraView key={c} path={path} episode={episode.index} camera={c} />)}
          </div>
          {current && path && <EpisodeActions path={path} episode={current} onChanged={onChanged} onError={fail('Edit the episode')} />}
        </>
      )}
    </div>
  );
}
