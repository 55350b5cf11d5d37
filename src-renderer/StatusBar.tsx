import { useEffect, useState } from 'react';
import { useEstop, useFailures, useRobotSnapshot, useStudio } from './state/context';
import { attempt } from './state/failures';
import { blockedOf, blockedWarning } from './state/tracking';

/** A robot error stays in the status bar this long after it last changed, then yields to the live state. */
const ERROR_VISIBLE_MS = 15_000;

/** Always visible: link to the studio, robot connection, stream rate, the e-stop, and failures until dismissed. */
export function StatusBar() {
  const { api, robot, estop, failures } = useStudio();
  const { transport, status, statusKnown } = useRobotSnapshot();
  const { estopped } = useEstop();
  const failed = useFailures();
  const [errorShown, setErrorShown] = useState(false);
  const key = status.lastError ? `${status.lastError.code}:${status.lastError.message}` : '';
  useEffect(() => {
    setErrorShown(key !== '');
    if (!key) return;
    const timer = setTimeout(() => setErrorShown(false), ERROR_VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [key]);
  // The e-stop speaks through the banner and the E-STOPPED flag; its link error would outlive a release.
  const err = (errorShown || status.connection !== 'connected') && status.lastError?.code !== 'ESTOP' ? status.lastError : null;
  const newest = failed[0];
  // The same failure reported by the robot and by the call that met it is shown once.
  const robotErr = err && newest && newest.code === err.code && newest.message === err.message ? null : err;
  return (
    <footer className={estopped ? 'statusbar statusbar--estopped' : 'statusbar'} data-testid="statusbar">
      <span className={`dot ${transport.connected ? 'ok' : 'bad'}`} />
      <span>{transport.connected ? 'studio' : 'studio offline'}</span>
      <span className="sep" />
      <span data-testid="robot-connection" data-known={statusKnown}>
        robot: {status.connection}
      </span>
      {estopped && (
        <strong className="statusbar__estop" data-testid="statusbar-estop">
          E-STOPPED · commands refused
        </strong>
      )}
      {blockedWarning(blockedOf(status)) && (
        <span className="statusbar__blocked" role="status" data-testid="statusbar-blocked">
          ⚠ {blockedWarning(blockedOf(status))}
        </span>
      )}
      <span className="sep" />
      <span data-testid="rate">{status.rateHz.toFixed(0)} Hz</span>
      {robot.droppedSamples > 0 && <span title="Samples the server dropped because this tab fell behind">dropped {robot.droppedSamples}</span>}
      <span className="grow" />
      {(robotErr || transport.error) && (
        <span className="statusbar__error" role="alert" title={robotErr?.hint}>
          {robotErr ? `${robotErr.code}: ${robotErr.message}${robotErr.hint ? ` — ${robotErr.hint}` : ''}` : transport.error}
        </span>
      )}
      {newest && (
        <span className="statusbar__failure" role="alert" data-testid="statusbar-failure" title={failed.map((f) => `${f.action}: ${f.code} ${f.message} ${f.hint ?? ''}`).join('\n')}>
          <span className="statusbar__failure-text">
            ⚠ {newest.action} failed: {newest.code} {newest.message}
            {newest.hint ? ` — ${newest.hint}` : ''}
            {newest.count > 1 ? ` (×${newest.count})` : ''}
          </span>
          {failed.length > 1 && <span className="muted"> +{failed.length - 1} more</span>}
          <button type="button" aria-label="Dismiss failure" onClick={() => failures.dismiss(newest.id)}>
            ×
          </button>
        </span>
      )}
      {estopped ? (
        <button type="button" className="estop estop--engaged" title="Release asks for confirmation first" onClick={() => estop.askRelease()}>
          E-STOPPED · Release…
        </button>
      ) : (
        <button type="button" className="estop" title="Emergency stop (Esc)" onClick={() => void attempt(failures, 'E-stop', () => api.call('robot.estop', {}))}>
          E-STOP (Esc)
        </button>
      )}
    </footer>
  );
}
