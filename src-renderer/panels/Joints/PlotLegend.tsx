import { legendEntries, type PlotSeries } from './plot-series';

/** Every series of a plot, grouped by joint: its colour, then a solid and/or dashed stroke, each titled with its series. */
export function PlotLegend({ series, note }: { series: readonly PlotSeries[]; note?: string }) {
  return (
    <div className="plot-legend" data-testid="plot-legend">
      {legendEntries(series).map((e) => (
        <span key={e.name} className="plot-legend__item">
          {e.solid && <span className="plot-legend__line" style={{ borderTopColor: e.color }} role="img" title={e.solid} aria-label={e.solid} />}
          {e.dashed && <span className="plot-legend__line dashed" style={{ borderTopColor: e.color }} role="img" title={e.dashed} aria-label={e.dashed} />}
          {e.name}
        </span>
      ))}
      {note && <span className="plot-legend__key">{note}</span>}
    </div>
  );
}
