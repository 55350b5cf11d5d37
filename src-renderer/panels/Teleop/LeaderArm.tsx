import { useEffect, useState } from 'react';
import type { RobotProfileSummary, TeleopStatus } from '../../../src-main/api';
import { useStudio } from '../../state/context';
import { attempt } from '../../state/failures';

/** Connect a second arm, moved by hand, whose joint positions become the follower's targets. */
export function LeaderArm({ leader }: { leader: TeleopStatus['leader'] }) {
  const { api, failures } = useStudio();
  const [profiles, setProfiles] = useState<RobotProfileSummary[]>([]);
  const [port, setPort] = useState('');
  const [profile, setProfile] = useState('so101_leader');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; hint?: string } | null>(null);

  useEffect(() => {
    void attempt(failures, 'List leader arm profiles', () => api.call('robot.profiles', {})).then((r) => r && setProfiles(r.profiles.filter((p) => p.role === 'leader')));
  }, [api, failures]);

  const run = async (p: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await p();
    } catch (e) {
      setError(failures.report('Leader arm', e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="leader" open={leader !== null}>
      <summary>Leader arm {leader ? `· ${leader.profile} on ${leader.port} (${leader.state})` : ''}</summary>
      {!leader ? (
        <div className="row">
          <input aria-label="Leader port" placeholder="/dev/ttyACM1" value={port} onChange={(e) => setPort(e.target.value)} />
          <select aria-label="Leader profile" value={profile} onChange={(e) => setProfile(e.target.value)}>
            {profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.displayName}
              </option>
            ))}
          </select>
          <button type="button" disabled={busy || !port.trim()} onClick={() => void run(() => api.call('teleop.leaderConnect', { port: port.trim(), profile }))}>
            {busy ? 'Connecting…' : 'Connect leader'}
          </button>
        </div>
      ) : (
        <button type="button" disabled={busy} onClick={() => void run(() => api.call('teleop.leaderDisconnect', {}))}>
          Disconnect leader
        </button>
      )}
      {error && (
        <div className="inline-error" role="alert">
          {error.message}
          {error.hint && <div className="hint">{error.hint}</div>}
        </div>
      )}
    </details>
  );
}
