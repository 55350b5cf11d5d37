import { useEffect, useRef, useState } from 'react';
import { radiansToDegrees, type Radians } from '../../../src-main/api';
import { ErrorNotice } from '../../ErrorNotice';
import { useRobotSnapshot, useStudio } from '../../state/context';
import type { Failure } from '../../state/failures';
import { blockedOf } from '../../state/tracking';
import { jointColor } from './colors';
import { LiveTracking } from './LiveTracking';
import { JointPlot } from './JointPlot';

/** Live joint values with a target slider per joint, and the scrolling plot beneath. */
export function Joints() {
  const { api, robot, failures } = useStudio();
  const { description, status } = useRobotSnapshot();
  const blocked = new Set(blockedOf(status).map((b) => b.joint));
  const [targets, setTargets] = useState<number[]>([]);
  const [error, setError] = useState<Failure | null>(null);
  const seeded = useRef<string | null>(null);

  // Start the sliders where the robot's targets are, once per connected robot.
  useEffect(() => {
    if (!description) {
      seeded.current = null;
      return;
    }
    if (seeded.current === description.id) return;
    const id = setInterval(() => {
      if (robot.targets.length === description.joints.length && robot.getSnapshot().frame > 0) {
        setTargets(Array.from(robot.targets));
        seeded.current = description.id;
        clearInterval(id);
      }
    }, 50);
    return () => clearInterval(id);
  }, [description, robot]);

  if (!description) return <div className="panel-empty">No robot connected.</div>;
  const canControl = description.capabilities.includes('control') && !status.estopped;

  const move = async (index: number, value: number) => {
    const next = targets.length === description.joints.length ? [...targets] : Array.from(robot.targets);
    next[index] = value;
    setTargets(next);
    try {
      const { applied } = await api.call('robot.setJointTarget', { joint: description.joints[index].name, position: value });
      setError(null);
      setTargets(applied);
    } catch (e) {
      setError(failures.report(`Move ${description.joints[index].name}`, e));
    }
  };

  return (
    <div className="joints">
      <table className="joints__table">
        <thead>
          <tr>
            <th>joint</th>
            <th>target</th>
            <th className="num">position</th>
            <th className="num" title="Tracking error: target − position, as the safety gate measures it">error (rad)</th>
          </tr>
        </thead>
        <tbody>
          {description.joints.map((j, i) => (
            <tr key={j.name}>
              <td>
                <span className="swatch" style={{ background: jointColor(i) }} />
                {j.name}
                {blocked.has(j.name) && (
                  <span className="badge badge--blocked" data-testid={`blocked-${j.name}`} title="Far from its target for a while: something holds it">
                    blocked
                  </span>
                )}
              </td>
              <td className="joints__slider">
                <input
                  type="range"
                  aria-label={`${j.name} target`}
                  data-testid={`slider-${j.name}`}
                  min={j.lower}
                  max={j.upper}
                  step={0.001}
                  disabled={!canControl}
                  value={targets[i] ?? 0}
                  onChange={(e) => void move(i, Number(e.target.value))}
                />
              </td>
              <td className="num">
                <LiveValue index={i} />
              </td>
              <td className="num">
                <LiveTracking index={i} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {status.estopped && description.capabilities.includes('control') && <p className="joints__stopped">Sliders locked: the e-stop is engaged.</p>}
      <ErrorNotice failure={error} onDismiss={() => setError(null)} />
      <JointPlot description={description} />
    </div>
  );
}

/** A joint's measured position, updated at animation-frame rate without re-rendering the table. */
function LiveValue({ index }: { index: number }) {
  const { robot } = useStudio();
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let raf = 0;
    const loop = () => {
      const rad = robot.position[index] ?? 0;
      if (ref.current) ref.current.textContent = `${rad.toFixed(3)} rad  ${radiansToDegrees(rad as Radians).toFixed(1)}°`;
      raf = requestAnimationFrame(loop);
    };
    raf = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(raf);
  }, [robot, index]);
  return <span ref={ref} data-testid={`value-${index}`} />;
}
