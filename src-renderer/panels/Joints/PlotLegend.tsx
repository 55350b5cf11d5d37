import { legendEntries, type PlotSeries } from './plot-series';

/** Every series of a plot, grouped by joint: its colour, then one stroke per series, each titled with its name. */
export function PlotLegend({ series, note }: { series: readonly PlotSeries[]; note?: string }) {
  return (
    <div className="plot-legend" data-testid="plot-legend">
      {legendEntries(series).map((e) => (
        <span key={e.joint} className="plot-legend__item">
          {e.series.map((s) => (
            <span key={s.label} className={`plot-legend__line ${s.stroke}`} style={{ borderTopColor: e.color }} role="img" title={s.label} aria-label={s.label} />
          ))}
          {e.joint}
        </span>
      ))}
      {note && <span className="plot-legend__key">{note}</span>}
    </div>
  );
}
