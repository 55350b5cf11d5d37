import { describe, expect, it } from 'vitest';
import { episodePlotSeries, jointPlotSeries, legendEntries } from './plot-series';

const JOINTS = ['shoulder_pan', 'shoulder_lift', 'elbow_flex', 'wrist_flex', 'wrist_roll', 'gripper'];

describe('plot series and their legend', () => {
  it('names every joint of the live plot, positions solid and velocities dashed on their own scale', () => {
    const series = jointPlotSeries(JOINTS, true);
    expect(series).toHaveLength(12);
    expect(new Set(series.map((s) => s.label)).size).toBe(12);
    for (const name of JOINTS) {
      expect(series.find((s) => s.label === `${name} position`)).toMatchObject({ dashed: false, scale: 'rad' });
      expect(series.find((s) => s.label === `${name} velocity`)).toMatchObject({ dashed: true, scale: 'rad/s' });
    }
    // One colour per joint, shared by its two lines.
    expect(series[2].color).toBe(series[8].color);
    expect(jointPlotSeries(JOINTS, false).map((s) => s.label)).toEqual(JOINTS.map((j) => `${j} position`));
  });

  it('names every state and action column of an episode, an action in its joint colour', () => {
    const state = [...JOINTS, 'cube.x'];
    const series = episodePlotSeries(state, ['elbow_flex', 'gripper']);
    expect(series.map((s) => s.label)).toEqual([...state.map((n) => `${n} (state)`), 'elbow_flex (action)', 'gripper (action)']);
    expect(series.at(-2)).toMatchObject({ dashed: true, color: series[2].color });
  });

  it('groups a legend by joint without losing a series', () => {
    const series = jointPlotSeries(JOINTS, true);
    const entries = legendEntries(series);
    expect(entries.map((e) => e.name)).toEqual(JOINTS);
    const named = entries.flatMap((e) => [e.solid, e.dashed]).filter((x) => x !== null);
    expect(named.sort()).toEqual(series.map((s) => s.label).sort());
    const episode = legendEntries(episodePlotSeries([...JOINTS, 'cube.x'], ['gripper']));
    expect(episode.at(-1)).toMatchObject({ name: 'cube.x', solid: 'cube.x (state)', dashed: null });
    expect(episode.find((e) => e.name === 'gripper')).toMatchObject({ solid: 'gripper (state)', dashed: 'gripper (action)' });
  });
});
