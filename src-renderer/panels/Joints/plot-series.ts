import { jointColor } from './colors';

/** One line on a plot, as the plot draws it and as its legend names it. */
export interface PlotSeries {
  label: string;
  color: string;
  /** Dashed lines are the second kind of each pair (velocity beside position, action beside state). */
  dashed: boolean;
  /** Which y scale: radians on the left, radians per second on the right. */
  scale: 'rad' | 'rad/s';
}

/**
 * The live joint plot: each joint's position (solid, rad), and with `velocities` its velocity (dashed,
 * rad/s, right axis) in the same colour, so one joint reads as one colour and the kind as the stroke.
 */
export function jointPlotSeries(joints: readonly string[], velocities: boolean): PlotSeries[] {
  const positions = joints.map((name, i): PlotSeries => ({ label: `${name} position`, color: jointColor(i), dashed: false, scale: 'rad' }));
  if (!velocities) return positions;
  return [...positions, ...joints.map((name, i): PlotSeries => ({ label: `${name} velocity`, color: jointColor(i), dashed: true, scale: 'rad/s' }))];
}

/** One legend entry per joint (or column): its colour, and which strokes of it the plot draws. */
export interface LegendEntry {
  name: string;
  color: string;
  solid: string | null;
  dashed: string | null;
}

/**
 * Series grouped by what they measure, so 12 lines read as 6 joints × 2 strokes: the legend stays
 * a line or two tall and still names every series (the stroke's title says which it is).
 */
export function legendEntries(series: readonly PlotSeries[]): LegendEntry[] {
  const entries = new Map<string, LegendEntry>();
  for (const s of series) {
    const name = s.label.replace(/ (position|velocity)$/, '').replace(/ \((state|action)\)$/, '');
    const entry = entries.get(name) ?? { name, color: s.color, solid: null, dashed: null };
    if (s.dashed) entry.dashed = s.label;
    else entry.solid = s.label;
    entries.set(name, entry);
  }
  return [...entries.values()];
}

/** An episode: each state column solid, each action (the commanded target) dashed in its joint's colour. */
export function episodePlotSeries(stateNames: readonly string[], actionNames: readonly string[]): PlotSeries[] {
  const colourOf = (name: string, fallback: number) => {
    const i = stateNames.indexOf(name);
    return jointColor(i >= 0 ? i : fallback);
  };
  return [
    ...stateNames.map((name, j): PlotSeries => ({ label: `${name} (state)`, color: jointColor(j), dashed: false, scale: 'rad' })),
    ...actionNames.map((name, j): PlotSeries => ({ label: `${name} (action)`, color: colourOf(name, j), dashed: true, scale: 'rad' })),
  ];
}
