import { useState } from 'react';
import type { DatasetDetail, EpisodeSummary } from '../../../src-main/api';
import { useReplay, useStudio } from '../../state/context';

/** Curate one episode: tags, success/failure, trim to the timeline's in/out points, delete (confirmed). */
export function EpisodeActions({
  path,
  episode,
  onChanged,
  onError,
}: {
  path: string;
  episode: EpisodeSummary;
  onChanged(detail: DatasetDetail, reload: boolean): void;
  onError(e: unknown): void;
}) {
  const { api } = useStudio();
  const { frame } = useReplay();
  const [tag, setTag] = useState('');
  const [trimFrom, setTrimFrom] = useState<number | null>(null);
  const [trimTo, setTrimTo] = useState<number | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const ref = { path, index: episode.index };

  const act = async (action: () => Promise<DatasetDetail>, reload = false) => {
    try {
      onChanged(await action(), reload);
    } catch (e) {
      onError(e);
    }
  };

  return (
    <div className="episode-actions">
      <div className="row">
        <span className="muted">Outcome</span>
        <button type="button" className={episode.success === true ? 'on ok' : ''} onClick={() => void act(() => api.call('dataset.setSuccess', { ...ref, success: episode.success === true ? null : true }))}>
          ✓ success
        </button>
        <button type="button" className={episode.success === false ? 'on bad' : ''} onClick={() => void act(() => api.call('dataset.setSuccess', { ...ref, success: episode.success === false ? null : false }))}>
          ✗ failure
        </button>
      </div>
      <div className="row">
        <span className="muted">Tags</span>
        {episode.tags.map((t) => (
          <button key={t} type="button" className="tag" title="Remove tag" onClick={() => void act(() => api.call('dataset.setTags', { ...ref, tags: episode.tags.filter((x) => x !== t) }))}>
            {t} ×
          </button>
        ))}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!tag.trim()) return;
            void act(() => api.call('dataset.setTags', { ...ref, tags: [...episode.tags, tag.trim()] }));
            setTag('');
          }}
        >
          <input type="text" placeholder="add tag" aria-label="Add tag" value={tag} onChange={(e) => setTag(e.target.value)} />
        </form>
      </div>
      <div className="row">
        <span className="muted">Trim</span>
        <button type="button" onClick={() => setTrimFrom(frame)}>
          in ⟦ {trimFrom ?? 0}
        </button>
        <button type="button" onClick={() => setTrimTo(frame + 1)}>
          out ⟧ {trimTo ?? episode.length}
        </button>
        <button
          type="button"
          disabled={trimFrom === null && trimTo === null}
          onClick={() => {
            const from = trimFrom ?? 0;
            const to = trimTo ?? episode.length;
            if (to <= from) {
              onError(new Error('The out point must come after the in point.'));
              return;
            }
            void act(() => api.call('dataset.trim', { ...ref, from, to }), true);
            setTrimFrom(null);
            setTrimTo(null);
          }}
        >
          Apply trim
        </button>
      </div>
      <div className="row">
        <button type="button" onClick={() => void api.call('dataset.exportMcap', ref).catch(onError)} title="For Foxglove or Rerun">
          Export MCAP
        </button>
        {!confirmDelete ? (
          <button type="button" className="danger" onClick={() => setConfirmDelete(true)}>
            Delete episode…
          </button>
        ) : (
          <span className="confirm" role="alertdialog" aria-label="Confirm delete">
            Delete episode {episode.index} ({episode.length} frames) for good?
            <button type="button" className="danger" onClick={() => void act(() => api.call('dataset.deleteEpisode', { ...ref, confirm: true }), true)}>
              Delete
            </button>
            <button type="button" onClick={() => setConfirmDelete(false)}>
              Keep
            </button>
          </span>
        )}
      </div>
    </div>
  );
}
