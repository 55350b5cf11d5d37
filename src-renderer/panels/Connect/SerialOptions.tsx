import type { RobotProfileSummary } from '../../../src-main/api';

export interface SerialChoice {
  port: string;
  profile: string;
}

/** Port path (pre-filled from the list, editable for ptys and symlinks) and the robot profile to use. */
export function SerialOptions({
  choice,
  profiles,
  onChange,
}: {
  choice: SerialChoice;
  profiles: RobotProfileSummary[];
  onChange(next: SerialChoice): void;
}) {
  const selected = profiles.find((p) => p.id === choice.profile);
  return (
    <div className="serial-options">
      <label>
        Port
        <input
          type="text"
          data-testid="serial-port"
          placeholder="/dev/ttyACM0"
          value={choice.port}
          onChange={(e) => onChange({ ...choice, port: e.target.value })}
        />
      </label>
      <label>
        Robot
        <select data-testid="serial-profile" value={choice.profile} onChange={(e) => onChange({ ...choice, profile: e.target.value })}>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.displayName}
            </option>
          ))}
        </select>
      </label>
      {selected && (
        <p className="muted">
          {selected.protocol === 'feetech' ? 'Feetech STS' : 'Dynamixel 2.0'} · {selected.baudRate.toLocaleString()} baud ·{' '}
          {selected.role}
        </p>
      )}
    </div>
  );
}
