import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { type EvaluationSummary, jointErrorForDisplay, unitLabel } from '../../../src-main/api';

/**
 * Validation k-step joint error over training, for the longest horizon: the model against the "no change"
 * and linear-dynamics baselines. The model's line has to end up under both.
 */
export function ValidationChart({ evaluations }: { evaluations: EvaluationSummary[] }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const k = evaluations[0]?.k.at(-1) ?? 0;

  useEffect(() => {
    const host = hostRef.current;
    if (!host || evaluations.length === 0) return;
    const i = evaluations[0].k.length - 1;
    const unit = evaluations[0].unit;
    const deg = (v: number) => jointErrorForDisplay(v, unit);
    const axisUnit = unit === 'rad' || unit === 'deg' ? '°' : unitLabel(unit);
    const plot = new uPlot(
      {
        width: Math.max(240, host.clientWidth),
        height: 150,
        scales: { x: { time: false } },
        axes: [
          { stroke: '#9aa3b2', grid: { stroke: '#2a2f3a' }, label: 'step' },
          { stroke: '#9aa3b2', grid: { stroke: '#2a2f3a' }, size: 50, label: `${axisUnit} at k=${k}` },
        ],
        series: [
          {},
          { label: 'model', stroke: '#4fc3f7', width: 2 },
          { label: 'no change', stroke: '#9e9e9e', width: 1, dash: [4, 4] },
          { label: 'linear', stroke: '#ffb74d', width: 1, dash: [4, 4] },
        ],
      },
      [evaluations.map((e) => e.step), evaluations.map((e) => deg(e.model[i])), evaluations.map((e) => deg(e.noChange[i])), evaluations.map((e) => deg(e.linear[i]))],
      host,
    );
    return () => plot.destroy();
  }, [evaluations, k]);

  return <div className="validation-chart" data-testid="validation-chart" ref={hostRef} />;
}
