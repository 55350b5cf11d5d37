import { describe, expect, it } from 'vitest';
import { episodePlotSeries, jointPlotSeries, legendEntries } from './plot-series';

const JOINTS = ['shoulder_pan', 'shoulder_lift', 'elbow_flex', 'wrist_flex', 'wrist_roll', 'gripper'];

describe('plot series and their legend', () => {
  it('names every joint of the live plot, positions solid and velocities dotted on their own scale', () => {
    const series = jointPlotSeries(JOINTS, true);
    expect(series).toHaveLength(12);
    expect(new Set(series.map((s) => s.label)).size).toBe(12);
    for (const name of JOINTS) {
      expect(series.find((s) => s.label === `${name} position`)).toMatchObject({ stroke: 'solid', scale: 'pos' });
      expect(series.find((s) => s.label === `${name} velocity`)).toMatchObject({ stroke: 'dotted', scale: 'vel' });
    }
    expect(series[2].color).toBe(series[8].color);
    expect(jointPlotSeries(JOINTS, false).map((s) => s.label)).toEqual(JOINTS.map((j) => `${j} position`));
  });

  it('tells an episode’s positions, velocities and actions apart, each joint in one colour', () => {
    const state = [...JOINTS.map((j) => `${j}.pos`), ...JOINTS.map((j) => `${j}.vel`), 'cube.x'];
    const action = JOINTS.map((j) => `${j}.pos`);
    const series = episodePlotSeries(state, action);
    expect(series).toHaveLength(state.length + action.length);
    const elbow = series.filter((s) => s.joint === 'elbow_flex');
    expect(elbow.map((s) => [s.label, s.stroke, s.scale])).toEqual([
      ['elbow_flex.pos (state)', 'solid', 'pos'],
      ['elbow_flex.vel (velocity)', 'dotted', 'vel'],
      ['elbow_flex.pos (action)', 'dashed', 'pos'],
    ]);
    expect(new Set(elbow.map((s) => s.color)).size).toBe(1);
    expect(series.find((s) => s.joint === 'cube.x')).toMatchObject({ stroke: 'solid', scale: 'pos' });
  });

  it('groups a legend by joint without losing a series', () => {
    const series = episodePlotSeries([...JOINTS.map((j) => `${j}.pos`), ...JOINTS.map((j) => `${j}.vel`)], JOINTS.map((j) => `${j}.pos`));
    const entries = legendEntries(series);
    expect(entries.map((e) => e.joint)).toEqual(JOINTS);
    expect(entries.flatMap((e) => e.series.map((s) => s.label)).sort()).toEqual(series.map((s) => s.label).sort());
    expect(entries[0].series.map((s) => s.stroke)).toEqual(['solid', 'dotted', 'dashed']);
  });
});
