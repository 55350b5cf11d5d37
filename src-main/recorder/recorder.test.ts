import { describe, expect, it } from 'vitest';
import { ActionStream, type TeleopSource, type TeleopTick } from '../teleop';
import { SliderTeleop } from '../teleop';
import { Recorder } from './recorder';
import type { RecorderEvent } from './recorder-status';
import { steppedArm } from './recorder-robot';
import { KinematicWorld, MemoryDataset } from './testing/kinematic-world';

const JOINTS = ['a', 'b', 'c'].map((name) => ({ name, lower: -1, upper: 1 }));

/** A source that sweeps joint a as a sine of session time: every frame differs. */
class Sweep implements TeleopSource {
  readonly kind = 'scripted' as const;
  episodes: number[] = [];
  activate() {}
  deactivate() {}
  episodeStart(i: number) {
    this.episodes.push(i);
  }
  update(tick: TeleopTick, out: Float64Array) {
    out[0] = 0.5 * Math.sin(tick.t);
  }
  notice() {
    return null;
  }
}

function setup(fps = 50) {
  const world = new KinematicWorld();
  const sweep = new Sweep();
  const actions = new ActionStream({ joints: JOINTS, maxVelocity: 10 }).add(sweep).add(new SliderTeleop(3));
  const recorder = new Recorder({ robot: steppedArm(world), actions, fps, mode: 'stepped' });
  const dataset = new MemoryDataset();
  const events: RecorderEvent[] = [];
  recorder.onEvent((e) => events.push(e));
  return { world, sweep, actions, recorder, dataset, events };
}

describe('Recorder (stepped)', () => {
  it('records the episodes asked for, each exactly seconds × fps frames, evenly spaced on one clock', async () => {
    const { recorder, dataset } = setup(50);
    const summary = await recorder.record({ dataset, task: 'sweep', episodes: 3, episodeSeconds: 2, resetSeconds: 0.5 });
    expect(summary.error).toBeUndefined();
    expect(summary.episodes.map((e) => e.frames)).toEqual([100, 100, 100]);
    expect(dataset.saved.map((e) => e.task)).toEqual(['sweep', 'sweep', 'sweep']);
    const stamps = dataset.saved.flatMap((e) => e.frames.map((f) => f.timestamp));
    for (const episode of dataset.saved) {
      for (let k = 1; k < episode.frames.length; k++) expect(episode.frames[k].timestamp - episode.frames[k - 1].timestamp).toBeCloseTo(0.02, 9);
    }
    for (let k = 1; k < stamps.length; k++) expect(stamps[k]).toBeGreaterThan(stamps[k - 1]);
    // The reset phase (0.5 s) sits between episodes on the same clock.
    expect(dataset.saved[1].frames[0].timestamp - dataset.saved[0].frames[99].timestamp).toBeGreaterThan(0.5);
    expect(recorder.phase).toBe('idle');
  });

  it('pairs each observation with the action commanded at that tick', async () => {
    const { recorder, dataset, world } = setup(100);
    await recorder.record({ dataset, task: 'sweep', episodes: 1, episodeSeconds: 1, resetSeconds: 0 });
    const frames = dataset.saved[0].frames;
    // Layout: a.pos b.pos c.pos a.vel b.vel c.vel cube.x … cube.qz
    expect(recorder.layout.stateNames.slice(0, 7)).toEqual(['a.pos', 'b.pos', 'c.pos', 'a.vel', 'b.vel', 'c.vel', 'cube.x']);
    expect(frames[0].state.length).toBe(13);
    for (const f of frames) expect(f.action[0]).toBeCloseTo(0.5 * Math.sin(f.timestamp), 6);
    // The arm follows: the observed position at tick k+1 moved toward the action of tick k.
    const k = 50;
    const toward = Math.sign(frames[k].action[0] - frames[k].state[0]);
    expect(Math.sign(frames[k + 1].state[0] - frames[k].state[0])).toBe(toward);
    // The tick that ends the episode still commands the arm (t = 1 s); it is not recorded.
    expect(world.targets[0]).toBeCloseTo(0.5 * Math.sin(1), 6);
    expect(frames[10].state[6]).toBeGreaterThan(0.2); // the cube drifts
  });

  it('resets the scene before each episode and restarts the action from the reset pose', async () => {
    const { recorder, dataset, world, sweep } = setup();
    await recorder.record({ dataset, task: 't', episodes: 2, episodeSeconds: 0.5, resetSeconds: 0, resetScene: true });
    expect(world.resets).toBe(2);
    expect(sweep.episodes).toEqual([0, 1]);
    await recorder.record({ dataset, task: 't', episodes: 2, episodeSeconds: 0.5, resetSeconds: 0, episodeOffset: 2 });
    expect(sweep.episodes).toEqual([0, 1, 2, 3]); // a second session continues the episode numbering
    expect(dataset.saved[1].frames[0].state[0]).toBe(0);
  });

  it('re-records: the current episode is thrown away and recorded again', async () => {
    const { recorder, dataset, events } = setup();
    let asked = false;
    recorder.onEvent((e) => {
      if (!asked && e.type === 'progress' && e.status.phase === 'recording' && e.status.frames > 20) {
        asked = true;
        recorder.rerecord();
      }
    });
    const summary = await recorder.record({ dataset, task: 't', episodes: 2, episodeSeconds: 1, resetSeconds: 0.2 });
    expect(summary.discarded).toBe(1);
    expect(summary.episodes.map((e) => [e.episode, e.frames])).toEqual([
      [0, 50],
      [1, 50],
    ]);
    expect(dataset.episodes.map((e) => e.state)).toEqual(['discarded', 'saved', 'saved']);
    expect(events.some((e) => e.type === 'episode-discarded' && e.episode === 0)).toBe(true);
  });

  it('re-record during the reset takes back the episode just saved', async () => {
    const { recorder, dataset } = setup();
    let asked = false;
    recorder.onEvent((e) => {
      if (!asked && e.type === 'progress' && e.status.phase === 'resetting') {
        asked = true;
        recorder.rerecord();
      }
    });
    const summary = await recorder.record({ dataset, task: 't', episodes: 2, episodeSeconds: 0.5, resetSeconds: 1 });
    expect(summary.discarded).toBe(1);
    expect(summary.episodes.map((e) => e.episode)).toEqual([0, 1]);
    expect(dataset.episodes.map((e) => e.state)).toEqual(['deleted', 'saved', 'saved']);
    expect(dataset.saved).toHaveLength(2);
  });

  it('next ends the episode early and keeps it', async () => {
    const { recorder, dataset } = setup();
    let asked = false;
    recorder.onEvent((e) => {
      if (!asked && e.type === 'progress' && e.status.phase === 'recording' && e.status.frames >= 25) {
        asked = true;
        recorder.next();
      }
    });
    const summary = await recorder.record({ dataset, task: 't', episodes: 2, episodeSeconds: 10, resetSeconds: 0 });
    expect(summary.episodes[0].frames).toBeLessThan(40);
    expect(summary.episodes[1].frames).toBe(500);
  });

  it('stop saves the episode being recorded and ends the session', async () => {
    const { recorder, dataset } = setup();
    recorder.onEvent((e) => {
      if (e.type === 'progress' && e.status.phase === 'recording' && e.status.frames >= 30) recorder.stop();
    });
    const summary = await recorder.record({ dataset, task: 't', episodes: 5, episodeSeconds: 10, resetSeconds: 0 });
    expect(summary.stopped).toBe(true);
    expect(summary.episodes).toHaveLength(1);
    expect(dataset.saved[0].frames.length).toBeGreaterThanOrEqual(30);
  });

  it('goes through the phases starting → recording → resetting → … → finishing → idle', async () => {
    const { recorder, dataset, events } = setup();
    await recorder.record({ dataset, task: 't', episodes: 2, episodeSeconds: 0.2, resetSeconds: 0.2 });
    const phases = events.filter((e) => e.type === 'phase').map((e) => (e.type === 'phase' ? e.phase : ''));
    expect(phases).toEqual(['starting', 'recording', 'resetting', 'starting', 'recording', 'finishing', 'idle']);
  });

  it('keeps the frames before a failing append, and reports the error instead of throwing', async () => {
    const { recorder, dataset, events } = setup();
    dataset.failAppendAt = 40;
    const summary = await recorder.record({ dataset, task: 't', episodes: 3, episodeSeconds: 2, resetSeconds: 0 });
    expect(summary.error?.message).toMatch(/disk full/);
    expect(summary.stopped).toBe(true);
    expect(dataset.saved).toHaveLength(1);
    expect(dataset.saved[0].frames).toHaveLength(40);
    expect(events.some((e) => e.type === 'error')).toBe(true);
  });

  it('reports a failing save and ends the session', async () => {
    const { recorder, dataset } = setup();
    dataset.failSave = true;
    const summary = await recorder.record({ dataset, task: 't', episodes: 3, episodeSeconds: 0.5, resetSeconds: 0 });
    expect(summary.error?.message).toMatch(/cannot write parquet/);
    expect(summary.episodes).toHaveLength(0);
  });

  it('waits for a slow save before starting the next episode, without ticking past it', async () => {
    const { recorder, dataset } = setup();
    let release = () => {};
    dataset.saveGate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const saving = new Promise<void>((resolve) => {
      dataset.onSaveStarted = resolve;
    });
    const done = recorder.record({ dataset, task: 't', episodes: 2, episodeSeconds: 0.5, resetSeconds: 0 });
    await saving;
    for (let k = 0; k < 20; k++) await new Promise((resolve) => setImmediate(resolve)); // let the loop try to run on
    expect(dataset.episodes).toHaveLength(1); // no second episode while the first is being saved
    expect(recorder.phase).toBe('resetting');
    release();
    const summary = await done;
    expect(summary.episodes.map((e) => e.frames)).toEqual([25, 25]);
    const gap = dataset.saved[1].frames[0].timestamp - dataset.saved[0].frames[24].timestamp;
    expect(gap).toBeLessThan(0.1); // simulated time did not run on while waiting
  });

  it('continues the session clock across sessions', async () => {
    const { recorder, dataset } = setup();
    await recorder.record({ dataset, task: 't', episodes: 1, episodeSeconds: 0.5, resetSeconds: 0 });
    await recorder.record({ dataset, task: 't', episodes: 1, episodeSeconds: 0.5, resetSeconds: 0 });
    expect(dataset.saved[1].frames[0].timestamp).toBeGreaterThan(dataset.saved[0].frames[24].timestamp);
  });

  it('refuses to step a robot that cannot be stepped', () => {
    const live = { ...steppedArm(new KinematicWorld()), advance: undefined };
    const actions = new ActionStream({ joints: JOINTS }).add(new SliderTeleop(3));
    expect(() => new Recorder({ robot: live, actions, fps: 50, mode: 'stepped' })).toThrow(/needs a robot it can step/);
  });

  it('refuses teleop set up for another number of joints', () => {
    const robot = steppedArm(new KinematicWorld());
    const actions = new ActionStream({ joints: JOINTS.slice(0, 2) }).add(new SliderTeleop(2));
    expect(() => new Recorder({ robot, actions, fps: 50, mode: 'stepped' })).toThrow(/Teleop drives 2 joints but the robot has 3/);
  });

  it('rejects rates outside 30–200 Hz and plans that make no sense', async () => {
    expect(() => setup(10)).toThrow(/30–200 Hz/);
    expect(() => setup(500)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    const { recorder, dataset } = setup();
    await expect(recorder.record({ dataset, task: ' ', episodes: 1, episodeSeconds: 1, resetSeconds: 0 })).rejects.toThrow(/task/);
    await expect(recorder.record({ dataset, task: 't', episodes: 0, episodeSeconds: 1, resetSeconds: 0 })).rejects.toThrow(/0 episodes/);
    await expect(recorder.record({ dataset, task: 't', episodes: 1, episodeSeconds: Number.NaN, resetSeconds: 0 })).rejects.toThrow(/last/);
  });
});
