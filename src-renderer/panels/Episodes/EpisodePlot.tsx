import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { EpisodeData } from '../../../src-main/api';
import { useStudio } from '../../state/context';
import { PlotLegend } from '../Joints/PlotLegend';
import { episodePlotSeries, strokeDash } from '../Joints/plot-series';

/** Joint states (solid) and actions (dashed) of an episode, with a cursor line that follows the timeline. */
export function EpisodePlot({ episode }: { episode: EpisodeData }) {
  const { replay } = useStudio();
  const hostRef = useRef<HTMLDivElement>(null);
  const series = useMemo(() => episodePlotSeries(episode.stateNames, episode.actionNames), [episode]);
  const hasVelocity = series.some((s) => s.scale === 'vel');

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const n = episode.timestamps.length;
    const ws = episode.stateNames.length;
    const wa = episode.actionNames.length;
    const column = (values: number[], width: number, j: number) => Array.from({ length: n }, (_, i) => values[i * width + j]);
    const data: uPlot.AlignedData = [
      episode.timestamps,
      ...episode.stateNames.map((_, j) => column(episode.state, ws, j)),
      ...episode.actionNames.map((_, j) => column(episode.action, wa, j)),
    ];
    const cursorX = { value: 0 };
    const cursorPlugin: uPlot.Plugin = {
      hooks: {
        draw: (u) => {
          const x = u.valToPos(cursorX.value, 'x', true);
          const ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = '#ffd180';
          ctx.lineWidth = 2;
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
          ctx.restore();
        },
      },
    };
    const plot = new uPlot(
      {
        width: Math.max(200, host.clientWidth),
        height: Math.max(140, host.clientHeight - 30),
        scales: { x: { time: false }, pos: { auto: true }, vel: { auto: true } },
        legend: { show: false },
        cursor: { show: true, drag: { x: false, y: false } },
        plugins: [cursorPlugin],
        axes: [
          { stroke: '#9aa3b2', grid: { stroke: '#2a2f3a' } },
          { stroke: '#9aa3b2', grid: { stroke: '#2a2f3a' }, scale: 'pos', size: 45 },
          ...(hasVelocity ? [{ stroke: '#9aa3b2', grid: { show: false }, scale: 'vel', side: 1, label: 'rad/s', size: 50 }] : []),
        ],
        series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: s.stroke === 'solid' ? 1.5 : 1, dash: strokeDash(s.stroke), scale: s.scale, points: { show: false } }))],
      },
      data,
      host,
    );
    // Click on the plot to seek there.
    plot.over.addEventListener('click', () => {
      const idx = plot.cursor.idx;
      if (idx != null) {
        replay.pause();
        replay.seek(idx);
      }
    });
    const update = () => {
      const f = replay.getSnapshot().frame;
      cursorX.value = episode.timestamps[f] ?? 0;
      plot.redraw(false, false);
    };
    update();
    const off = replay.subscribe(update);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, host.clientWidth), height: Math.max(140, host.clientHeight - 30) }));
    resize.observe(host);
    return () => {
      off();
      resize.disconnect();
      plot.destroy();
    };
  }, [episode, replay, series, hasVelocity]);

  return (
    <div className="episode-plot-box">
      <PlotLegend series={series} note={hasVelocity ? 'solid: position (state) · dotted: velocity (rad/s, right) · dashed: action (commanded target)' : 'solid: position (state) · dashed: action (commanded target)'} />
      <div className="episode-plot" data-testid="episode-plot" ref={hostRef} />
    </div>
  );
}
