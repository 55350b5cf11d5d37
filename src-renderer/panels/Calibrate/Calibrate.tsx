import { useCallback, useEffect, useState } from 'react';
import type { CalibrationStatus } from '../../../src-main/api';
import { useRobotSnapshot, useStudio } from '../../state/context';
import { attempt } from '../../state/failures';

/** How often the sweep is sampled while the user moves the joints. */
const SAMPLE_HZ = 10;

/**
 * The calibration wizard: torque off, pose mid-range, sweep every joint, save. Before the first step it
 * says the arm will go limp; after a connect whose check failed, it offers restore or recalibrate.
 */
export function Calibrate() {
  const { api, failures } = useStudio();
  const { status: robotStatus } = useRobotSnapshot();
  const [status, setStatus] = useState<CalibrationStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; hint?: string } | null>(null);

  const refresh = useCallback(() => {
    void attempt(failures, 'Read the calibration state', () => api.call('calibration.status', {})).then((s) => s && setStatus(s));
  }, [api, failures]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read when the robot connects or changes
  useEffect(refresh, [refresh, robotStatus.connection, robotStatus.robotId]);

  const run = async (p: () => Promise<CalibrationStatus>) => {
    setBusy(true);
    setError(null);
    try {
      setStatus(await p());
    } catch (e) {
      setError(failures.report('Calibrate', e));
    } finally {
      setBusy(false);
    }
  };

  const sweeping = status?.step === 'sweep';
  useEffect(() => {
    if (!sweeping) return;
    const timer = setInterval(() => {
      void attempt(failures, 'Sample the joints', () => api.call('calibration.sample', {})).then((s) => s && setStatus(s));
    }, 1000 / SAMPLE_HZ);
    return () => clearInterval(timer);
  }, [api, sweeping, failures]);

  if (!status) return null;
  if (!status.available) return <div className="panel-empty">Connect a servo arm on a serial port to calibrate it. The simulator needs no calibration.</div>;

  const mismatch = status.check && !status.check.matches;
  return (
    <div className="calibrate">
      <p className="muted">
        Robot <strong>{status.robotId}</strong> ·{' '}
        {status.saved ? `calibrated ${new Date(status.saved.savedAt).toLocaleString()}` : 'never calibrated here'}
      </p>
      {mismatch && status.step === 'idle' && (
        <div className="inline-error" role="alert" data-testid="calibration-mismatch">
          The servos do not hold the calibration saved for this robot ({status.check?.differences.length} register
          {status.check?.differences.length === 1 ? '' : 's'} differ), so angles would be wrong.
          <ul>
            {status.check?.differences.slice(0, 6).map((d) => (
              <li key={`${d.joint}-${d.register}`}>
                {d.joint} {d.register}: saved {d.saved}, servo has {d.actual}
              </li>
            ))}
          </ul>
          <div className="row">
            <button type="button" disabled={busy || !status.saved} onClick={() => void run(() => api.call('calibration.restore', {}))}>
              Restore saved calibration
            </button>
            <button type="button" disabled={busy} onClick={() => void run(() => api.call('calibration.begin', {}))}>
              Recalibrate
            </button>
          </div>
        </div>
      )}
      {status.step === 'idle' && (
        <div className="step">
          <h3>1 · Torque off</h3>
          <p>The arm goes limp when you begin: hold it, or rest it on the table.</p>
          <button type="button" className="primary" disabled={busy} onClick={() => void run(() => api.call('calibration.begin', {}))}>
            Begin calibration
          </button>
        </div>
      )}
      {status.step === 'centre' && (
        <div className="step">
          <h3>2 · Middle pose</h3>
          <p>Move every joint by hand to the middle of its range (gripper half open), then capture.</p>
          <button type="button" className="primary" disabled={busy} onClick={() => void run(() => api.call('calibration.centre', {}))}>
            Capture middle pose
          </button>
        </div>
      )}
      {status.step === 'sweep' && (
        <div className="step">
          <h3>3 · Sweep</h3>
          <p>Move each joint slowly from one end stop to the other. Each bar fills when the joint has travelled enough.</p>
          <table className="sweep" data-testid="calibration-sweep">
            <tbody>
              {status.sweep?.map((j) => (
                <tr key={j.name}>
                  <td>{j.name}</td>
                  <td className="sweep__bar">
                    <div className={j.span >= status.minSpan ? 'fill ok' : 'fill'} style={{ width: `${Math.min(100, (j.span / 4096) * 100 * 2)}%` }} />
                  </td>
                  <td className="num">
                    {j.min}…{j.max}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="row">
            <button type="button" className="primary" disabled={busy} onClick={() => void run(() => api.call('calibration.finish', {}))}>
              Finish and save
            </button>
          </div>
        </div>
      )}
      {status.step !== 'idle' && (
        <button type="button" disabled={busy} onClick={() => void run(() => api.call('calibration.cancel', {}))}>
          Cancel (restore the previous calibration)
        </button>
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
