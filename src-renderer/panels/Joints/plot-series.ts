import { jointColor } from './colors';

/** How a series is drawn: what it measures is told by the stroke, which joint by the colour. */
export type PlotStroke = 'solid' | 'dotted' | 'dashed';

/** One line on a plot, as the plot draws it and as its legend names it. */
export interface PlotSeries {
  /** The joint (or column) it belongs to: one colour per joint. */
  joint: string;
  label: string;
  color: string;
  /** solid: position · dotted: velocity · dashed: action (the commanded target). */
  stroke: PlotStroke;
  /** Which y scale: positions on the left, velocities (rad/s) on the right. */
  scale: 'pos' | 'vel';
}

/** uPlot's dash pattern for a stroke. */
export function strokeDash(stroke: PlotStroke): number[] | undefined {
  return stroke === 'dashed' ? [6, 4] : stroke === 'dotted' ? [1, 3] : undefined;
}

/**
 * The live joint plot: each joint's position (solid, rad, left axis), and with `velocities` its
 * velocity (dotted, rad/s, right axis) in the same colour.
 */
export function jointPlotSeries(joints: readonly string[], velocities: boolean): PlotSeries[] {
  const positions = joints.map((joint, i): PlotSeries => ({ joint, label: `${joint} position`, color: jointColor(i), stroke: 'solid', scale: 'pos' }));
  if (!velocities) return positions;
  return [...positions, ...joints.map((joint, i): PlotSeries => ({ joint, label: `${joint} velocity`, color: jointColor(i), stroke: 'dotted', scale: 'vel' }))];
}

/** LeRobot names a joint's columns `<joint>.pos` and `<joint>.vel`; anything else is its own series. */
function jointOf(column: string): { joint: string; kind: 'pos' | 'vel' | null } {
  const m = /^(.*)\.(pos|vel)$/.exec(column);
  return m ? { joint: m[1], kind: m[2] as 'pos' | 'vel' } : { joint: column, kind: null };
}

/**
 * An episode: state positions solid, state velocities dotted on the rad/s axis, actions (commanded
 * targets) dashed, all in their joint's colour, so a joint's three lines read as one joint.
 */
export function episodePlotSeries(stateNames: readonly string[], actionNames: readonly string[]): PlotSeries[] {
  const joints: string[] = [];
  const colorOf = (joint: string) => {
    if (!joints.includes(joint)) joints.push(joint);
    return jointColor(joints.indexOf(joint));
  };
  const state = stateNames.map((name): PlotSeries => {
    const { joint, kind } = jointOf(name);
    const velocity = kind === 'vel';
    return { joint, label: `${name} (${velocity ? 'velocity' : 'state'})`, color: colorOf(joint), stroke: velocity ? 'dotted' : 'solid', scale: velocity ? 'vel' : 'pos' };
  });
  const action = actionNames.map((name): PlotSeries => {
    const { joint } = jointOf(name);
    return { joint, label: `${name} (action)`, color: colorOf(joint), stroke: 'dashed', scale: 'pos' };
  });
  return [...state, ...action];
}

/** One legend entry per joint: its colour and each of its series, by stroke. */
export interface LegendEntry {
  joint: string;
  color: string;
  series: { label: string; stroke: PlotStroke }[];
}

/** Series grouped by joint, so 18 lines read as 6 joints × 3 strokes and the legend stays short. */
export function legendEntries(series: readonly PlotSeries[]): LegendEntry[] {
  const entries = new Map<string, LegendEntry>();
  for (const s of series) {
    const entry = entries.get(s.joint) ?? { joint: s.joint, color: s.color, series: [] };
    entry.series.push({ label: s.label, stroke: s.stroke });
    entries.set(s.joint, entry);
  }
  return [...entries.values()];
}
