import { useEffect, useState } from 'react';
import { jointErrorText, type ModelListing } from '../../../src-main/api';
import { usePreview, useReplay, useStudio } from '../../state/context';

/**
 * Prediction preview: from the episode open in the Episodes panel, at its timeline cursor, roll the
 * model k blocks ahead with the recorded actions; the decoded ghost appears beside the recorded pose.
 */
export function PreviewControls({ models, defaultModel }: { models: ModelListing[]; defaultModel: string | null }) {
  const { api, replay, preview } = useStudio();
  const { episode, path, frame } = useReplay();
  const { prediction, step } = usePreview();
  const [model, setModel] = useState<string>(defaultModel ?? models[0]?.dir ?? '');
  const [k, setK] = useState(10);
  const [error, setError] = useState<{ message: string; hint?: string } | null>(null);

  useEffect(() => {
    if (defaultModel) setModel(defaultModel);
    else if (!model && models[0]) setModel(models[0].dir);
  }, [defaultModel, models, model]);

  // Stepping the ghost moves the recorded pose to the same frame, so the two are compared like for like.
  useEffect(() => {
    if (prediction) replay.seek(prediction.startFrame + (step + 1) * prediction.frameskip);
  }, [replay, step, prediction]);

  const run = async () => {
    if (!episode || !path) return;
    setError(null);
    try {
      preview.show(await api.call('model.preview', { model, dataset: path, episode: episode.index, frame, k }));
    } catch (e) {
      const err = e as { message?: string; hint?: string };
      setError({ message: err.message ?? String(e), hint: err.hint });
    }
  };

  return (
    <div className="preview-controls">
      <div className="row">
        <select aria-label="Model" value={model} onChange={(e) => setModel(e.target.value)}>
          {models.map((m) => (
            <option key={m.dir} value={m.dir}>
              {m.name}
              {m.shipped ? ' (shipped)' : ''}
            </option>
          ))}
        </select>
        <label>
          k
          <input type="number" aria-label="Steps ahead" min={1} max={50} value={k} onChange={(e) => setK(Number(e.target.value))} />
        </label>
        <button type="button" disabled={!episode || !model} onClick={() => void run()} title={episode ? '' : 'Open an episode in the Episodes panel first'}>
          Preview prediction
        </button>
        {prediction && (
          <button type="button" onClick={() => preview.clear()}>
            Hide ghost
          </button>
        )}
      </div>
      {!episode && <p className="muted">Open an episode in the Episodes panel and place the timeline cursor where the prediction should start.</p>}
      {prediction && (
        <div className="row" data-testid="preview-result">
          <input
            type="range"
            aria-label="Prediction step"
            min={0}
            max={prediction.jointError.length - 1}
            value={step}
            onChange={(e) => preview.setStep(Number(e.target.value))}
          />
          <span>
            step {step + 1}/{prediction.jointError.length} · error {jointErrorText(prediction.jointError[step], prediction.unit)}
          </span>
        </div>
      )}
      {error && (
        <div className="inline-error" role="alert">
          {error.message}
          {error.hint && <div className="hint">{error.hint}</div>}
        </div>
      )}
    </div>
  );
}
