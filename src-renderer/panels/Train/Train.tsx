import { useEffect, useState } from 'react';
import { type DatasetListing, jointErrorText, type ModelListing, type TrainCurve } from '../../../src-main/api';
import { useStudio } from '../../state/context';
import { attempt } from '../../state/failures';
import { useLatest } from '../../state/use-stream';
import { Diagnostics } from './Diagnostics';
import { LossChart } from './LossChart';
import { PreviewControls } from './PreviewControls';
import { ValidationChart } from './ValidationChart';

interface Form {
  dataset: string;
  preset: string;
  name: string;
  /** Empty: the recipe's (the preset's, or the fine-tune recipe's when fine-tuning). */
  steps: string;
  /** Empty: the preset's value. */
  lr: string;
  batch: string;
  initFrom: string;
  /** With initFrom: fine-tune the encoder and probe too, not only the dynamics. */
  trainEncoder: boolean;
}

function duration(s: number): string {
  if (!Number.isFinite(s) || s <= 0) return '—';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m} min ${Math.round(s % 60)} s` : `${Math.round(s)} s`;
}

/** The last folder of a model path, whichever separator the studio's machine uses. */
function baseName(dir: string): string {
  return dir.split(/[\\/]/).filter(Boolean).at(-1) ?? dir;
}

/** Fine-tune the world model: a run's settings, its progress and curves, diagnostics, checkpoints, preview. */
export function Train() {
  const { api, failures } = useStudio();
  const status = useLatest('train.status');
  // Lists follow the studio's library: a recording, an import, a finished run or an export moves these.
  const library = useLatest('library.changed');
  const [datasets, setDatasets] = useState<DatasetListing[]>([]);
  const [presets, setPresets] = useState<{ name: string; description: string; steps: number }[]>([]);
  const [models, setModels] = useState<ModelListing[]>([]);
  const [form, setForm] = useState<Form>({ dataset: '', preset: 'sim-arm', name: `run-${new Date().toISOString().slice(0, 10)}`, steps: '', lr: '', batch: '', initFrom: '', trainEncoder: false });
  const [curve, setCurve] = useState<TrainCurve>({ step: [], loss: [], terms: {} });
  const [error, setError] = useState<{ code: string; message: string; hint?: string } | null>(null);
  const active = status?.status === 'starting' || status?.status === 'running' || status?.status === 'paused';

  const datasetsRevision = library?.datasets ?? 0;
  const modelsRevision = library?.models ?? 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the revision is the trigger to list again
  useEffect(() => {
    void attempt(failures, 'List datasets', () => api.call('dataset.list', {})).then((r) => {
      if (!r) return;
      setDatasets(r.datasets);
      // Keep the choice while it still exists; otherwise take the first.
      setForm((f) => (r.datasets.some((d) => d.path === f.dataset) || !r.datasets[0] ? f : { ...f, dataset: r.datasets[0].path }));
    });
  }, [api, failures, datasetsRevision]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the revision is the trigger to list again
  useEffect(() => {
    void attempt(failures, 'List models', () => api.call('model.list', {})).then((r) => r && setModels(r.models));
  }, [api, failures, modelsRevision]);
  useEffect(() => {
    void attempt(failures, 'List training presets', () => api.call('train.presets', {})).then((r) => r && setPresets(r.presets));
  }, [api, failures]);

  // Curves: fetched while a run is going (the status stream stays small), and once more at the end.
  const finishedDir = status?.finished?.modelDir ?? null;
  useEffect(() => {
    if (!status || status.status === 'idle') return;
    const pull = () => void attempt(failures, 'Read the loss curve', () => api.call('train.curve', {})).then((c) => c && setCurve(c));
    pull();
    if (!active) return;
    const timer = setInterval(pull, 1000);
    return () => clearInterval(timer);
  }, [api, active, status?.status, status, failures]);

  const call = (p: Promise<unknown>) =>
    p
      .then(() => setError(null))
      .catch((e) => setError(failures.report('Training', e)));

  const start = () =>
    call(
      api.call('train.start', {
        dataset: form.dataset,
        preset: form.preset,
        name: form.name,
        steps: form.steps ? Number(form.steps) : undefined,
        lr: form.lr ? Number(form.lr) : undefined,
        batch: form.batch ? Number(form.batch) : undefined,
        initFrom: form.initFrom || undefined,
        trainEncoder: form.initFrom && form.trainEncoder ? true : undefined,
      }),
    );

  const latest = status?.evaluations.at(-1);
  const progress = status && status.totalSteps > 0 ? status.step / status.totalSteps : 0;
  return (
    <div className="train">
      <div className="train__form">
        <label>
          Dataset
          <select aria-label="Training dataset" value={form.dataset} disabled={active} onChange={(e) => setForm({ ...form, dataset: e.target.value })}>
            {datasets.length === 0 && <option value="">Record a dataset first</option>}
            {datasets.map((d) => (
              <option key={d.path} value={d.path}>
                {d.name} ({d.episodes} episodes)
              </option>
            ))}
          </select>
        </label>
        <label>
          Preset
          <select
            aria-label="Preset"
            value={form.preset}
            disabled={active}
            onChange={(e) => setForm({ ...form, preset: e.target.value })}
          >
            {presets.map((p) => (
              <option key={p.name} value={p.name} title={p.description}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Run name
          <input aria-label="Run name" value={form.name} disabled={active} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        <label>
          Steps
          <input
            aria-label="Steps"
            type="number"
            min={1}
            placeholder={form.initFrom ? 'fine-tune recipe' : `preset (${presets.find((p) => p.name === form.preset)?.steps ?? '?'})`}
            value={form.steps}
            disabled={active}
            onChange={(e) => setForm({ ...form, steps: e.target.value })}
          />
        </label>
        <label>
          Learning rate
          <input aria-label="Learning rate" placeholder="preset" value={form.lr} disabled={active} onChange={(e) => setForm({ ...form, lr: e.target.value })} />
        </label>
        <label>
          Batch
          <input aria-label="Batch" placeholder="preset" value={form.batch} disabled={active} onChange={(e) => setForm({ ...form, batch: e.target.value })} />
        </label>
        <label className="wide">
          Fine-tune from
          <select aria-label="Fine-tune from" value={form.initFrom} disabled={active} onChange={(e) => setForm({ ...form, initFrom: e.target.value })}>
            <option value="">nothing (train from scratch)</option>
            {models.map((m) => (
              <option key={m.dir} value={m.dir}>
                {m.name}
                {m.shipped ? ' (shipped base model)' : ''}
              </option>
            ))}
          </select>
        </label>
        {form.initFrom && (
          <label className="inline" title="By default a fine-tune trains the dynamics only: the encoder and probe stay as the base model has them.">
            <input type="checkbox" checked={form.trainEncoder} disabled={active} onChange={(e) => setForm({ ...form, trainEncoder: e.target.checked })} />
            Train the encoder too (observations unlike the base model's)
          </label>
        )}
      </div>
      <div className="train__actions">
        {!active ? (
          <button type="button" className="primary" disabled={!form.dataset} onClick={() => void start()}>
            Start training
          </button>
        ) : (
          <>
            {status?.status === 'paused' ? (
              <button type="button" onClick={() => void call(api.call('train.resume', {}))}>
                Resume
              </button>
            ) : (
              <button type="button" onClick={() => void call(api.call('train.pause', {}))}>
                Pause
              </button>
            )}
            <button type="button" className="danger" onClick={() => void call(api.call('train.cancel', {}))}>
              Stop
            </button>
          </>
        )}
      </div>
      {error && (
        <div className="inline-error" role="alert">
          {error.message}
          {error.hint && <div className="hint">{error.hint}</div>}
        </div>
      )}
      {status && status.status !== 'idle' && (
        <div className="train__status" data-testid="train-status">
          <div>
            <strong>{status.name}</strong> · {status.status}
            {status.parameters > 0 && ` · ${(status.parameters / 1000).toFixed(0)}k parameters · ${status.episodes.train}+${status.episodes.validation} episodes`}
            {status.fineTune && (
              <span data-testid="train-fine-tune">
                {' '}
                · fine-tuning {status.fineTune.dynamicsOnly ? 'the dynamics of' : 'all of'} {baseName(status.fineTune.from)}
              </span>
            )}
          </div>
          <div className="progress" role="progressbar" aria-valuenow={Math.round(progress * 100)} aria-valuemin={0} aria-valuemax={100}>
            <div className="progress__bar" style={{ width: `${progress * 100}%` }} />
          </div>
          {status.probeRefit && (
            <div className="muted" data-testid="train-probe-refit">
              fitting the probe on the exported model · step {status.probeRefit.step}/{status.probeRefit.total}
            </div>
          )}
          <div className="muted" data-testid="train-step">
            step {status.step}/{status.totalSteps} · {status.samplesPerSecond.toFixed(0)} samples/s · ETA {duration(status.etaSeconds)}
            {status.loss !== null && ` · loss ${status.loss.toFixed(4)}`}
            {status.skippedSteps > 0 && ` · ${status.skippedSteps} non-finite steps skipped`}
          </div>
          {status.warnings.map((w) => (
            <div key={w} className="warn-note" data-testid="train-warning">
              {w}
            </div>
          ))}
          {status.finished && (
            // Red whenever the run did not produce a model worth using: a fine-tune that never beat its base
            // model (nothing exported, the base stays in use) is not a green "Finished".
            <div className={status.finished.reason === 'failed' || status.finished.verdict?.ok === false ? 'inline-error' : 'ok-note'} data-testid="train-finished">
              {status.finished.reason === 'failed'
                ? `${status.finished.error?.message ?? 'The run failed.'} ${status.finished.error?.hint ?? ''}`
                : `Finished (${status.finished.reason})${status.finished.verdict?.ok === false ? ' without a model worth using' : ''}.${status.finished.modelDir ? ` Model: ${status.finished.modelDir}.` : ' No model exported.'}${status.finished.verdict ? ` ${status.finished.verdict.message}` : ''}`}
            </div>
          )}
        </div>
      )}
      {curve.step.length > 0 && <LossChart curve={curve} />}
      {status && status.evaluations.length > 1 && <ValidationChart evaluations={status.evaluations} />}
      {latest && <Diagnostics evaluation={latest} />}
      {status && status.checkpoints.length > 0 && (
        <table className="checkpoints" aria-label="Checkpoints" data-testid="checkpoints">
          <tbody>
            {status.checkpoints.map((c) => {
              const score = status.evaluations.find((e) => e.step === c.step);
              return (
                <tr key={c.path}>
                  <td>{c.kind}</td>
                  <td>step {c.step}</td>
                  <td className="num">{score ? `${jointErrorText(score.model.at(-1) ?? 0, score.unit)} at k=${score.k.at(-1)}` : ''}</td>
                  <td>
                    <button
                      type="button"
                      onClick={() =>
                        void call(api.call('train.exportCheckpoint', { checkpoint: c.path, name: `${status.name ?? 'run'}-${c.kind}-${c.step}` }))
                      }
                    >
                      Export
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <PreviewControls models={models} defaultModel={finishedDir} />
    </div>
  );
}
