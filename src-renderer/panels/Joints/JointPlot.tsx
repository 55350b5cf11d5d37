import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { RobotDescription } from '../../../src-main/api';
import { useStudio } from '../../state/context';
import { PlotLegend } from './PlotLegend';
import { jointPlotSeries, strokeDash } from './plot-series';

const AXIS = { stroke: '#9aa3b2', grid: { stroke: '#2a2f3a' } };

/** Scrolling plot of every joint's position (and velocity) over the last seconds, redrawn on animation frames. */
export function JointPlot({ description }: { description: RobotDescription }) {
  const { robot } = useStudio();
  const hostRef = useRef<HTMLDivElement>(null);
  const [velocities, setVelocities] = useState(true);
  const series = useMemo(() => jointPlotSeries(description.joints.map((j) => j.name), velocities), [description, velocities]);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const opts: uPlot.Options = {
      width: Math.max(200, host.clientWidth),
      height: Math.max(120, host.clientHeight),
      scales: { x: { time: false }, pos: { auto: true }, vel: { auto: true } },
      // The legend is ours (PlotLegend): uPlot's own one is cut off by the panel's height.
      legend: { show: false },
      cursor: { show: false },
      axes: [
        { ...AXIS, label: 's' },
        { ...AXIS, scale: 'pos', label: 'position (rad)', size: 60 },
        ...(velocities ? [{ ...AXIS, scale: 'vel', side: 1, label: 'velocity (rad/s)', size: 60, grid: { show: false } }] : []),
      ],
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: s.stroke === 'solid' ? 1.5 : 1, dash: strokeDash(s.stroke), scale: s.scale, points: { show: false } }))],
    };
    const plot = new uPlot(opts, [[], ...series.map(() => [])] as uPlot.AlignedData, host);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, host.clientWidth), height: Math.max(120, host.clientHeight - 4) }));
    resize.observe(host);
    let raf = 0;
    let lastFrame = -1;
    const loop = () => {
      const frame = robot.getSnapshot().frame;
      if (frame !== lastFrame && robot.history) {
        lastFrame = frame;
        const positions = robot.history.view();
        const rows = velocities && robot.velocityHistory ? [...positions, ...robot.velocityHistory.view().slice(1)] : positions;
        plot.setData(rows as uPlot.AlignedData);
      }
      raf = requestAnimationFrame(loop);
    };
    raf = requestAnimationFrame(loop);
    return () => {
      cancelAnimationFrame(raf);
      resize.disconnect();
      plot.destroy();
    };
  }, [robot, series, velocities]);

  return (
    <div className="joint-plot-box">
      <div className="joint-plot__bar">
        <PlotLegend series={series} note={velocities ? 'solid: position (rad, left) · dotted: velocity (rad/s, right)' : 'position (rad)'} />
        <label className="joint-plot__toggle">
          <input type="checkbox" checked={velocities} onChange={(e) => setVelocities(e.target.checked)} />
          velocities
        </label>
      </div>
      <div className="joint-plot" data-testid="joint-plot" ref={hostRef} />
    </div>
  );
}
