import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { RobotDescription } from '../../../src-main/api';
import { useStudio } from '../../state/context';
import { jointColor } from './colors';

/** Scrolling plot of every joint's position over the last seconds, redrawn on animation frames. */
export function JointPlot({ description }: { description: RobotDescription }) {
  const { robot } = useStudio();
  const hostRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const opts: uPlot.Options = {
      width: Math.max(200, host.clientWidth),
      height: Math.max(120, host.clientHeight),
      scales: { x: { time: false }, y: { auto: true } },
      legend: { show: true, live: false },
      cursor: { show: false },
      axes: [
        { stroke: '#9aa3b2', grid: { stroke: '#2a2f3a' }, label: 's' },
        { stroke: '#9aa3b2', grid: { stroke: '#2a2f3a' }, label: 'rad', size: 50 },
      ],
      series: [
        {},
        ...description.joints.map((j, i) => ({ label: j.name, stroke: jointColor(i), width: 1.5, points: { show: false } })),
      ],
    };
    const plot = new uPlot(opts, [[], ...description.joints.map(() => [])] as uPlot.AlignedData, host);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, host.clientWidth), height: Math.max(120, host.clientHeight - 30) }));
    resize.observe(host);
    let raf = 0;
    let lastFrame = -1;
    const loop = () => {
      const frame = robot.getSnapshot().frame;
      if (frame !== lastFrame && robot.history) {
        lastFrame = frame;
        plot.setData(robot.history.view() as uPlot.AlignedData);
      }
      raf = requestAnimationFrame(loop);
    };
    raf = requestAnimationFrame(loop);
    return () => {
      cancelAnimationFrame(raf);
      resize.disconnect();
      plot.destroy();
    };
  }, [description, robot]);

  return <div className="joint-plot" data-testid="joint-plot" ref={hostRef} />;
}
