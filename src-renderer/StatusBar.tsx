import { useEffect, useState } from 'react';
import { useRobotSnapshot, useStudio } from './state/context';

/** A robot error stays in the status bar this long after it last changed, then yields to the live state. */
const ERROR_VISIBLE_MS = 15_000;

/** Always visible: link to the studio, robot connection, stream rate, the e-stop and the last error. */
export function StatusBar() {
  const { api, robot } = useStudio();
  const { transport, status, statusKnown } = useRobotSnapshot();
  const [errorShown, setErrorShown] = useState(false);
  const key = status.lastError ? `${status.lastError.code}:${status.lastError.message}` : '';
  useEffect(() => {
    setErrorShown(key !== '');
    if (!key) return;
    const timer = setTimeout(() => setErrorShown(false), ERROR_VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [key]);
  const err = errorShown || status.connection !== 'connected' ? status.lastError : null;
  return (
    <footer className="statusbar" data-testid="statusbar">
      <span className={`dot ${transport.connected ? 'ok' : 'bad'}`} />
      <span>{transport.connected ? 'studio' : 'studio offline'}</span>
      <span className="sep" />
      <span data-testid="robot-connection" data-known={statusKnown}>robot: {status.connection}</span>
      <span className="sep" />
      <span data-testid="rate">{status.rateHz.toFixed(0)} Hz</span>
      {robot.droppedSamples > 0 && <span title="Samples the server dropped because this tab fell behind">dropped {robot.droppedSamples}</span>}
      <span className="grow" />
      {(err || transport.error) && (
        <span className="statusbar__error" role="alert" title={err?.hint}>
          {err ? `${err.code}: ${err.message}${err.hint ? ` — ${err.hint}` : ''}` : transport.error}
        </span>
      )}
      <button
        type="button"
        className={status.estopped ? 'estop estop--engaged' : 'estop'}
        title="Emergency stop (Esc)"
        onClick={() => void api.call(status.estopped ? 'robot.release' : 'robot.estop', {}).catch(() => undefined)}
      >
        {status.estopped ? 'RELEASE E-STOP' : 'E-STOP (Esc)'}
      </button>
    </footer>
  );
}
