import { useEffect, useState } from 'react';
import { useRobotSnapshot, useStudio } from '../../state/context';
import { useLatest } from '../../state/use-stream';
import { SessionReport } from './SessionReport';
import { Webcam } from './Webcam';

const PHASE_LABEL: Record<string, string> = {
  idle: 'Idle',
  teleop: 'Teleop — not recording',
  starting: 'Starting…',
  recording: 'RECORDING',
  resetting: 'Reset the scene',
  finishing: 'Saving…',
};

/** Webcam frames are recorded small: enough to see the scene, cheap to encode beside the control loop. */
const WEBCAM = { width: 160, height: 120 };

/** Keys for the hands-on-robot moments; chosen away from the joint-jog keys (Q–U, A–J). */
const KEYS = { next: 'KeyN', rerecord: 'KeyB', stop: 'KeyX' };

/** Record demonstrations: a plan (dataset, task, episodes), then record → reset → next with progress. */
export function Record() {
  const { api, failures } = useStudio();
  const { description } = useRobotSnapshot();
  const status = useLatest('recorder.status');
  const [form, setForm] = useState({ dataset: 'demos', task: 'push the cube', episodes: 5, episodeSeconds: 10, resetSeconds: 3, fps: 50, resetScene: true, simCamera: true, webcam: false });
  const [error, setError] = useState<{ message: string; hint?: string } | null>(null);
  const busy = status !== null && status.phase !== 'idle' && status.phase !== 'teleop';

  const call = (p: Promise<unknown>) =>
    p
      .then(() => setError(null))
      .catch((e) => setError(failures.report('Record', e)));

  useEffect(() => {
    if (!busy) return;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA') && (t as HTMLInputElement).type !== 'range') return;
      const method = e.code === KEYS.next ? 'recorder.next' : e.code === KEYS.rerecord ? 'recorder.rerecord' : e.code === KEYS.stop ? 'recorder.stop' : null;
      if (method) api.call(method, {}).catch((err) => setError(failures.report('Record', err)));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [api, busy, failures]);

  if (!description) return <div className="panel-empty">Connect a robot to record.</div>;
  const progress = status && status.durationS > 0 ? Math.min(1, status.elapsedS / status.durationS) : 0;
  const field = (key: keyof typeof form, label: string, type: 'text' | 'number', extra: Record<string, number | string> = {}) => (
    <label>
      {label}
      <input
        type={type}
        aria-label={label}
        value={String(form[key])}
        disabled={busy}
        onChange={(e) => setForm({ ...form, [key]: type === 'number' ? Number(e.target.value) : e.target.value })}
        {...extra}
      />
    </label>
  );

  return (
    <div className="record">
      <div className="record__form">
        {field('dataset', 'Dataset', 'text')}
        {field('task', 'Task', 'text')}
        {field('episodes', 'Episodes', 'number', { min: 1, max: 10000 })}
        {field('episodeSeconds', 'Seconds each', 'number', { min: 1, step: 1 })}
        {field('resetSeconds', 'Reset seconds', 'number', { min: 0, step: 1 })}
        <label>
          Rate
          <select aria-label="Rate" value={form.fps} disabled={busy} onChange={(e) => setForm({ ...form, fps: Number(e.target.value) })}>
            {[30, 50, 100, 200].map((f) => (
              <option key={f} value={f}>
                {f} Hz
              </option>
            ))}
          </select>
        </label>
        {description.capabilities.includes('reset') && (
          <label className="inline">
            <input type="checkbox" checked={form.resetScene} disabled={busy} onChange={(e) => setForm({ ...form, resetScene: e.target.checked })} />
            reset the scene before each episode
          </label>
        )}
        <label className="inline">
          <input type="checkbox" checked={form.webcam} disabled={busy} onChange={(e) => setForm({ ...form, webcam: e.target.checked })} />
          record a USB webcam ({WEBCAM.width}×{WEBCAM.height})
        </label>
        {form.webcam && <Webcam width={WEBCAM.width} height={WEBCAM.height} sending={busy} />}
        {description.capabilities.includes('reset') && (
          <label className="inline">
            <input type="checkbox" checked={form.simCamera} disabled={busy} onChange={(e) => setForm({ ...form, simCamera: e.target.checked })} />
            record the sim's front camera (96×72 video)
          </label>
        )}
      </div>
      <div className="record__actions">
        {!busy ? (
          <button
            type="button"
            className="primary"
            onClick={() =>
              void call(
                api.call('recorder.start', {
                  ...form,
                  simCamera: form.simCamera && description.capabilities.includes('reset'),
                  webcam: form.webcam ? WEBCAM : undefined,
                }),
              )
            }
          >
            ● Record
          </button>
        ) : (
          <>
            <button type="button" onClick={() => void call(api.call('recorder.next', {}))} title="Save this episode and go on (N)">
              Next (N)
            </button>
            <button type="button" onClick={() => void call(api.call('recorder.rerecord', {}))} title="Discard this episode and record it again (B)">
              Re-record (B)
            </button>
            <button type="button" className="danger" onClick={() => void call(api.call('recorder.stop', {}))} title="Save and stop (X)">
              Stop (X)
            </button>
          </>
        )}
      </div>
      {status && (
        <div className={`record__status phase-${status.phase}`} data-testid="recorder-status">
          <div className="record__phase">
            {PHASE_LABEL[status.phase] ?? status.phase}
            {busy && ` · episode ${status.episode + 1}/${status.episodes}`}
          </div>
          {busy && status.durationS > 0 && (
            <div className="progress" role="progressbar" aria-valuenow={Math.round(progress * 100)} aria-valuemin={0} aria-valuemax={100}>
              <div className="progress__bar" style={{ width: `${progress * 100}%` }} />
            </div>
          )}
          <div className="muted" data-testid="recorder-counts">
            {status.frames} frames · {status.rateHz.toFixed(0)} Hz · saved {status.savedEpisodes} episode{status.savedEpisodes === 1 ? '' : 's'}
            {status.missedTicks > 0 && ` · ${status.missedTicks} missed ticks (frames sampled on time)`}
          </div>
          {status.warning && <div className="warn">{status.warning}</div>}
          {!busy && status.report && <SessionReport report={status.report} fps={status.fps} />}
          {status.lastError && (
            <div className="inline-error">
              {status.lastError.message}
              {status.lastError.hint && <div className="hint">{status.lastError.hint}</div>}
            </div>
          )}
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
