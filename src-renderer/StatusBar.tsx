import { useRobotSnapshot, useStudio } from './state/context';

/** Always visible: link to the studio, robot connection, stream rate, the e-stop and the last error. */
export function StatusBar() {
  const { api, robot } = useStudio();
  const { transport, status } = useRobotSnapshot();
  const err = status.lastError;
  return (
    <footer className="statusbar" data-testid="statusbar">
      <span className={`dot ${transport.connected ? 'ok' : 'bad'}`} />
      <span>{transport.connected ? 'studio' : 'studio offline'}</span>
      <span className="sep" />
      <span data-testid="robot-connection">robot: {status.connection}</span>
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
