import { useEffect, useState } from 'react';
import { type ConnectRequest, ErrorCodes, PraxisError, type RobotProfileSummary, type RobotSourceOption } from '../../../src-main/api';
import { useRobotSnapshot, useStudio } from '../../state/context';
import { ErrorNotice } from '../../ErrorNotice';
import { attempt } from '../../state/failures';
import { useCall } from '../../state/use-call';
import { type SerialChoice, SerialOptions } from './SerialOptions';

const OTHER_PORT: RobotSourceOption = {
  kind: 'serial',
  id: 'serial:other',
  displayName: 'Serial port by path…',
  detail: 'A port not listed above: a pty, a symlink, a udev name.',
};

/** Choose a robot: the simulator is always there; serial ports appear as they are found. */
export function Connect() {
  const { api, robot, failures } = useStudio();
  const { status, description } = useRobotSnapshot();
  const [sources, setSources] = useState<RobotSourceOption[]>([]);
  const [profiles, setProfiles] = useState<RobotProfileSummary[]>([]);
  const [selected, setSelected] = useState('sim:so101');
  const [serial, setSerial] = useState<SerialChoice>({ port: '', profile: 'so101_follower' });
  const [busy, setBusy] = useState(false);
  const [portsError, setPortsError] = useState<{ message: string; hint?: string } | null>(null);

  const refresh = () => {
    api
      .call('robot.sources', {})
      .then((r) => {
        setSources([...r.sources, OTHER_PORT]);
        setPortsError(r.portsError);
      })
      .catch((e) => failures.report('List robots', e));
    void attempt(failures, 'List robot profiles', () => api.call('robot.profiles', {})).then((r) => r && setProfiles(r.profiles));
  };
  useEffect(refresh, [api, failures]);

  const call = useCall();
  const run = async (action: string, work: () => Promise<unknown>) => {
    setBusy(true);
    await call.run(action, work);
    setBusy(false);
  };

  const select = (source: RobotSourceOption) => {
    setSelected(source.id);
    // Profiles may have been written in the Editor since the panel opened.
    if (source.kind === 'serial') {
      void attempt(failures, 'List robot profiles', () => api.call('robot.profiles', {})).then((r) => r && setProfiles(r.profiles));
    }
    if (source.kind === 'serial' && source.id !== OTHER_PORT.id) setSerial((s) => ({ ...s, port: source.displayName }));
  };

  const connect = () =>
    run('Connect', async () => {
      const source = sources.find((s) => s.id === selected);
      if (!source) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'No robot is chosen.', 'Choose a robot from the list first.');
      let request: ConnectRequest;
      if (source.kind === 'sim') request = { kind: 'sim', model: 'so101' };
      else {
        const profile = profiles.find((p) => p.id === serial.profile);
        if (!serial.port.trim()) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'Enter the serial port path.', 'For example /dev/ttyACM0 (Linux) or COM3 (Windows).');
        if (!profile) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'No robot profile is chosen.', 'Choose the robot profile.');
        request = { kind: 'serial', port: serial.port.trim(), protocol: profile.protocol, profile: profile.id };
      }
      const d = await api.call('robot.connect', request);
      robot.setDescription(d);
    });

  const connected = status.connection !== 'disconnected' && status.connection !== 'connecting';
  const current = sources.find((s) => s.id === selected);
  return (
    <div className="connect">
      <ul className="connect__list" aria-label="Robots">
        {sources.map((s) => (
          <li key={s.id} className={selected === s.id ? 'selected' : undefined}>
            <label>
              <input type="radio" name="source" value={s.id} checked={selected === s.id} onChange={() => select(s)} disabled={connected} />
              <span className="connect__name">{s.displayName}</span>
              <span className="connect__detail">{s.detail}</span>
            </label>
          </li>
        ))}
      </ul>
      {portsError && !connected && (
        <p className="connect__detail warn" data-testid="ports-error">
          {portsError.message} {portsError.hint}
        </p>
      )}
      {current?.kind === 'serial' && !connected && <SerialOptions choice={serial} profiles={profiles} onChange={setSerial} />}
      <div className="connect__actions">
        {!connected ? (
          <>
            <button type="button" className="primary" disabled={busy || sources.length === 0} onClick={() => void connect()}>
              {busy ? 'Connecting…' : 'Connect'}
            </button>
            <button type="button" disabled={busy} onClick={refresh} title="Look for serial ports again">
              Rescan ports
            </button>
          </>
        ) : (
          <>
            <button type="button" disabled={busy} onClick={() => void run('Disconnect', () => api.call('robot.disconnect', {}))}>
              Disconnect
            </button>
            {description?.capabilities.includes('reset') && (
              <button type="button" disabled={busy} onClick={() => void run('Reset the scene', () => api.call('robot.reset', {}))}>
                Reset scene
              </button>
            )}
            {description && !description.capabilities.includes('reset') && (
              <button type="button" disabled={busy} onClick={() => void run('Torque off', () => api.call('robot.torque', { on: false }))}>
                Torque off
              </button>
            )}
          </>
        )}
      </div>
      {connected && description && (
        <p className={`connect__state ${status.connection === 'connected' ? '' : 'warn'}`} data-testid="connected-robot">
          {status.connection === 'connected' ? 'Connected' : status.connection === 'lost' ? 'Connection lost' : 'Reconnecting'}:{' '}
          {description.displayName} · {description.joints.length} joints · {description.stateHz} Hz
        </p>
      )}
      <ErrorNotice failure={call.failure} onDismiss={call.clear} />
    </div>
  );
}
