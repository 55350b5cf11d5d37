import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TrainCurve } from '../../../src-main/api';

const COLORS: Record<string, string> = { loss: '#e0e0e0', pred: '#4fc3f7', sigreg: '#ffb74d', probe: '#81c784' };

/** Every loss term against the step, log scale: the curves a person watches while a model trains. */
export function LossChart({ curve }: { curve: TrainCurve }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const keys = ['loss', ...Object.keys(curve.terms)];
  const signature = keys.join();

  // biome-ignore lint/correctness/useExhaustiveDependencies: the plot is rebuilt only when the set of series changes
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const plot = new uPlot(
      {
        width: Math.max(240, host.clientWidth),
        height: 180,
        scales: { x: { time: false }, y: { distr: 3 } },
        axes: [
          { stroke: '#9aa3b2', grid: { stroke: '#2a2f3a' }, label: 'step' },
          { stroke: '#9aa3b2', grid: { stroke: '#2a2f3a' }, size: 55 },
        ],
        cursor: { drag: { x: false, y: false } },
        series: [{}, ...keys.map((k) => ({ label: k, stroke: COLORS[k] ?? '#ba68c8', width: k === 'loss' ? 2 : 1.25, points: { show: false } }))],
      },
      [[], ...keys.map(() => [])] as uPlot.AlignedData,
      host,
    );
    plotRef.current = plot;
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(240, host.clientWidth), height: 180 }));
    resize.observe(host);
    return () => {
      resize.disconnect();
      plot.destroy();
      plotRef.current = null;
    };
  }, [signature]);

  useEffect(() => {
    // Log scale: non-positive values would vanish; clamp to a floor instead of hiding the point.
    const pos = (a: number[]) => a.map((v) => (Number.isFinite(v) ? Math.max(v, 1e-6) : null));
    plotRef.current?.setData([curve.step, pos(curve.loss), ...Object.values(curve.terms).map(pos)] as uPlot.AlignedData);
  }, [curve]);

  return <div className="loss-chart" data-testid="loss-chart" ref={hostRef} />;
}
