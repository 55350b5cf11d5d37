import { useEffect, useState } from 'react';
import type { GamepadMappingData } from '../../../src-main/api';
import { ErrorNotice } from '../../ErrorNotice';
import { useStudio } from '../../state/context';
import type { Failure } from '../../state/failures';

type Target = GamepadMappingData['axes'][number]['target'];

const targetKey = (t: Target) => (t.kind === 'joint' ? `j${t.joint}` : `e${t.axis}`);
const keyTarget = (k: string): Target => (k.startsWith('j') ? { kind: 'joint', joint: Number(k.slice(1)) } : { kind: 'ee', axis: Number(k.slice(1)) as 0 | 1 | 2 });

/** The gamepad's stick axes, each bound to a joint or a tool direction, editable and saved to the studio. */
export function GamepadMapping({ joints }: { joints: string[] }) {
  const { api, failures } = useStudio();
  const [mapping, setMapping] = useState<GamepadMappingData | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const [saved, setSaved] = useState(true);

  useEffect(() => {
    api
      .call('teleop.gamepadMapping', {})
      .then(setMapping)
      .catch((e) => setError(failures.report('Read the gamepad mapping', e)));
  }, [api, failures]);
  if (!mapping) return <ErrorNotice failure={error} />;

  const targets: [string, string][] = [...joints.map((j, i): [string, string] => [`j${i}`, j]), ['e0', 'tool x'], ['e1', 'tool y'], ['e2', 'tool z']];
  const edit = (axes: GamepadMappingData['axes']) => {
    setMapping({ ...mapping, axes });
    setSaved(false);
  };

  return (
    <div className="gamepad-mapping">
      <table>
        <thead>
          <tr>
            <th>axis</th>
            <th>moves</th>
            <th>invert</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {mapping.axes.map((b, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional bindings
            <tr key={i}>
              <td>
                <input type="number" aria-label={`Axis of binding ${i + 1}`} min={0} max={15} value={b.axis} onChange={(e) => edit(mapping.axes.map((x, j) => (j === i ? { ...x, axis: Number(e.target.value) } : x)))} />
              </td>
              <td>
                <select aria-label={`Target of binding ${i + 1}`} value={targetKey(b.target)} onChange={(e) => edit(mapping.axes.map((x, j) => (j === i ? { ...x, target: keyTarget(e.target.value) } : x)))}>
                  {targets.map(([k, label]) => (
                    <option key={k} value={k}>
                      {label}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input type="checkbox" aria-label={`Invert binding ${i + 1}`} checked={(b.scale ?? 1) < 0} onChange={(e) => edit(mapping.axes.map((x, j) => (j === i ? { ...x, scale: Math.abs(x.scale ?? 1) * (e.target.checked ? -1 : 1) } : x)))} />
              </td>
              <td>
                <button type="button" aria-label={`Remove binding ${i + 1}`} onClick={() => edit(mapping.axes.filter((_, j) => j !== i))}>
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <button type="button" onClick={() => edit([...mapping.axes, { axis: mapping.axes.length, target: { kind: 'joint', joint: 0 } }])}>
          Add axis
        </button>
        <button
          type="button"
          className="primary"
          disabled={saved}
          onClick={() =>
            api
              .call('teleop.setGamepadMapping', mapping)
              .then((m) => {
                setMapping(m);
                setSaved(true);
                setError(null);
              })
              .catch((e) => setError(failures.report('Save the gamepad mapping', e)))
          }
        >
          Save mapping
        </button>
      </div>
      <ErrorNotice failure={error} onDismiss={() => setError(null)} />
    </div>
  );
}
