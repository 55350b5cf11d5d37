import { useEffect, useState } from 'react';
import type { RobotSourceOption } from '../../../src-main/api';
import { useRobotSnapshot, useStudio } from '../../state/context';

/** Choose a robot: the simulator is always there; serial ports appear as they are found. */
export function Connect() {
  const { api, robot } = useStudio();
  const { status, description } = useRobotSnapshot();
  const [sources, setSources] = useState<RobotSourceOption[]>([]);
  const [selected, setSelected] = useState('sim:so101');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; hint?: string } | null>(null);

  useEffect(() => {
    api
      .call('robot.sources', {})
      .then((r) => setSources(r.sources))
      .catch((e) => setError({ message: String(e.message ?? e) }));
  }, [api]);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      const err = e as { message?: string; hint?: string };
      setError({ message: err.message ?? String(e), hint: err.hint });
    } finally {
      setBusy(false);
    }
  };

  const connect = () =>
    run(async () => {
      const source = sources.find((s) => s.id === selected);
      if (!source || source.kind !== 'sim') throw new Error('Choose a robot from the list first.');
      const d = await api.call('robot.connect', { kind: 'sim', model: 'so101' });
      robot.setDescription(d);
    });

  const connected = status.connection === 'connected';
  return (
    <div className="connect">
      <ul className="connect__list" aria-label="Robots">
        {sources.map((s) => (
          <li key={s.id}>
            <label>
              <input type="radio" name="source" value={s.id} checked={selected === s.id} onChange={() => setSelected(s.id)} />
              <span className="connect__name">{s.displayName}</span>
              <span className="connect__detail">{s.detail}</span>
            </label>
          </li>
        ))}
      </ul>
      <div className="connect__actions">
        {!connected ? (
          <button type="button" className="primary" disabled={busy || sources.length === 0} onClick={() => void connect()}>
            {busy ? 'Connecting…' : 'Connect'}
          </button>
        ) : (
          <>
            <button type="button" disabled={busy} onClick={() => void run(() => api.call('robot.disconnect', {}))}>
              Disconnect
            </button>
            {description?.capabilities.includes('reset') && (
              <button type="button" disabled={busy} onClick={() => void run(() => api.call('robot.reset', {}))}>
                Reset scene
              </button>
            )}
          </>
        )}
      </div>
      {connected && description && (
        <p className="connect__state" data-testid="connected-robot">
          Connected: {description.displayName} · {description.joints.length} joints · {description.stateHz} Hz
        </p>
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
