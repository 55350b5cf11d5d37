import { useEffect, useState } from 'react';
import type { TeleopKind } from '../../../src-main/api';
import { ErrorNotice } from '../../ErrorNotice';
import { useEstop, useRobotSnapshot, useStudio } from '../../state/context';
import { blockedOf } from '../../state/tracking';
import { useCall } from '../../state/use-call';
import { useLatest } from '../../state/use-stream';
import { GamepadMapping } from './GamepadMapping';
import { LeaderArm } from './LeaderArm';
import { LiveTracking } from '../Joints/LiveTracking';
import { gamepadPoll } from './gamepad-poll';

const LABELS: Record<TeleopKind, string> = {
  sliders: 'Sliders',
  keyboard: 'Keyboard',
  gamepad: 'Gamepad',
  gizmo: '3D gizmo',
  leader: 'Leader arm',
  scripted: 'Scripted',
};

/** Which source drives the arm, how fast the loop runs, and which joints sit at a limit. */
export function Teleop() {
  const { api, failures } = useStudio();
  const { description, status: robotStatus } = useRobotSnapshot();
  const { estopped } = useEstop();
  const status = useLatest('teleop.status');
  const { run, failure, clear } = useCall();
  const [pad, setPad] = useState<string | null>(null);
  const gamepadActive = status?.active === 'gamepad';
  useEffect(() => (gamepadActive ? gamepadPoll(api, setPad, (e) => failures.report('Gamepad teleop', e)) : undefined), [api, gamepadActive, failures]);

  const blockedNow = new Map(blockedOf(robotStatus).map((b) => [b.joint, b]));
  if (!description || !status || status.available.length === 0) return <div className="panel-empty">Connect a robot that can be controlled.</div>;

  return (
    <div className="teleop">
      <fieldset className="teleop__sources">
        <legend className="sr-only">Teleop source</legend>
        {status.available.map((k) => (
          <label key={k} className={status.active === k ? 'segment on' : 'segment'}>
            <input type="radio" name="teleop-source" checked={status.active === k} onChange={() => void run(`Use ${LABELS[k]} teleop`, () => api.call('teleop.select', { kind: k }))} />
            {LABELS[k]}
          </label>
        ))}
      </fieldset>
      {estopped ? (
        <p className="teleop__stopped" data-testid="teleop-rate">
          <strong>Inactive: the e-stop is engaged.</strong> {status.active ? `${LABELS[status.active]} input` : 'Every source'} is ignored until you release it (banner at the top) · loop {status.rateHz.toFixed(0)} Hz
        </p>
      ) : (
        <p className="muted" data-testid="teleop-rate">
          Active: <strong>{status.active ? LABELS[status.active] : 'none'}</strong> · loop {status.rateHz.toFixed(0)} Hz
        </p>
      )}
      {status.notice && <div className="inline-error">{status.notice.message}</div>}
      <ErrorNotice failure={failure} onDismiss={clear} />
      <div className="teleop__mode">
        Keyboard:
        {(['joint', 'ee'] as const).map((m) => (
          <label key={m}>
            <input type="radio" name="kbmode" checked={status.keyboardMode === m} onChange={() => void run('Change the keyboard mode', () => api.call('teleop.keyboardMode', { mode: m }))} />
            {m === 'joint' ? 'joints' : 'end effector (IK)'}
          </label>
        ))}
      </div>
      <ul className="teleop__keys" aria-label="Keys">
        {status.keys.map((k) => (
          <li key={k.code}>
            <kbd>{k.code.replace(/^Key/, '').replace(/^Arrow/, '')}</kbd> {k.label}
          </li>
        ))}
      </ul>
      {status.active === 'gamepad' && (
        <>
          <p className="muted">{pad ? `Gamepad: ${pad}` : 'Press a button on the gamepad so the browser sees it.'}</p>
          <GamepadMapping joints={description.joints.map((j) => j.name)} />
        </>
      )}
      <LeaderArm leader={status.leader} />
      {status.active === 'gizmo' && <p className="muted">Drag the gizmo on the tool in the 3D view; green means the arm can reach it.</p>}
      <table className="teleop__limits">
        <thead>
          <tr>
            <th>joint</th>
            <th>max speed</th>
            <th title="Tracking error: target − position, as the safety gate measures it">error (rad)</th>
            <th>state</th>
          </tr>
        </thead>
        <tbody>
          {description.joints.map((j, i) => (
            <tr key={j.name}>
              <td>{j.name}</td>
              <td>{status.maxVelocity[i]?.toFixed(1)} rad/s</td>
              <td>
                <LiveTracking index={i} />
              </td>
              <td>
                {blockedNow.get(j.name) ? (
                  <span
                    className="badge badge--blocked"
                    title={`Far from its target for a while: sent ${blockedNow.get(j.name)?.target.toFixed(2)} rad, at ${blockedNow.get(j.name)?.position.toFixed(2)} rad`}
                  >
                    blocked
                  </span>
                ) : status.atLimit[i] ? (
                  <span className="warn">at limit</span>
                ) : status.speedLimited[i] ? (
                  <span className="warn">speed-limited</span>
                ) : (
                  ''
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
