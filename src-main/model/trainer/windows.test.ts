import { describe, expect, it } from 'vitest';
import type { TrajectorySet } from './trajectories';
import { batchCreate, batchFill, drawWindows, splitEpisodes, windowSpan, windowsOf, windowsRequire } from './windows';

/** Observation = [frame, 10·episode], action = [frame + 0.5]: every value says where it came from. */
function ramps(lengths: number[]): TrajectorySet {
  return {
    obsDim: 2,
    actDim: 1,
    fps: 30,
    obsNames: ['t', 'ep'],
    actNames: ['a'],
    jointDims: [0],
    obsFeatures: ['observation.state'],
    trajectories: lengths.map((length, e) => ({
      episode: e,
      length,
      observation: Float32Array.from({ length: length * 2 }, (_, i) => (i % 2 === 0 ? i / 2 : 10 * e)),
      action: Float32Array.from({ length }, (_, i) => i + 0.5),
    })),
  };
}

describe('episode split', () => {
  it('keeps whole episodes on one side and is the same for the same seed', () => {
    const a = splitEpisodes(10, 0.2, 7);
    expect(a.val.length).toBe(2);
    expect([...a.train, ...a.val].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(splitEpisodes(10, 0.2, 7)).toEqual(a);
    expect(splitEpisodes(10, 0.2, 8)).not.toEqual(a);
  });

  it('validates on one episode out of two, and on none when there is only one', () => {
    expect(splitEpisodes(2, 0.1, 1).val.length).toBe(1);
    expect(splitEpisodes(1, 0.5, 1)).toEqual({ train: [0], val: [] });
  });
});

describe('windows', () => {
  const spec = { history: 3, horizon: 1, frameskip: 5 };

  it('covers (history + horizon − 1)·frameskip + 1 raw frames', () => {
    expect(windowSpan(spec)).toBe(16);
    const set = ramps([16, 15, 20]);
    const refs = windowsOf(set, [0, 1, 2], spec);
    expect(refs.filter((r) => r.traj === 0)).toEqual([{ traj: 0, start: 0 }]);
    expect(refs.filter((r) => r.traj === 1)).toEqual([]);
    expect(refs.filter((r) => r.traj === 2).length).toBe(5);
  });

  it('takes observations frameskip apart and the action block between them', () => {
    const set = ramps([40]);
    const b = batchFill(set, [{ traj: 0, start: 3 }], spec, batchCreate(1, spec, 2, 1));
    expect(Array.from(b.obs)).toEqual([3, 0, 8, 0, 13, 0, 18, 0]);
    expect(b.blockDim).toBe(5);
    expect(Array.from(b.act)).toEqual([3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5, 13.5, 14.5, 15.5, 16.5, 17.5]);
  });

  it('draws the same windows for the same seed and step, and others for the next step', () => {
    const refs = windowsOf(ramps([200, 200]), [0, 1], spec);
    expect(drawWindows(refs, 8, 1, 5)).toEqual(drawWindows(refs, 8, 1, 5));
    expect(drawWindows(refs, 8, 1, 6)).not.toEqual(drawWindows(refs, 8, 1, 5));
  });

  it('says how long an episode must be when none fits', () => {
    expect(() => windowsRequire(windowsOf(ramps([10]), [0], spec), spec, 'training')).toThrow(/16 frames/);
  });

  it('rejects a zero frameskip', () => {
    expect(() => windowsOf(ramps([10]), [0], { ...spec, frameskip: 0 })).toThrow(/frameskip/);
  });
});
