// The recorder end to end: the MuJoCo arm, a teleop source, the real LeRobot v3 dataset on disk.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_KEY, Dataset, STATE_KEY } from '../dataset';
import { SimulatedArm } from '../sim';
import { KeyboardTeleop } from '../teleop';
import { simClock, simRigCreate } from './sim-rig';

let dir: string;
const arms: SimulatedArm[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'praxis-recorder-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  for (const arm of arms.splice(0)) arm.dispose();
});

async function arm(): Promise<SimulatedArm> {
  const a = await SimulatedArm.load();
  arms.push(a);
  return a;
}

async function recordScripted(path: string, seed: number) {
  const rig = simRigCreate(await arm(), { fps: 50, scripted: { seed } });
  const dataset = await Dataset.openOrCreate(path, { ...rig.recorder.datasetSpec(), robotType: 'so101_sim' });
  const summary = await rig.recorder.record({ dataset, task: 'scripted reach and push', episodes: 2, episodeSeconds: 3, resetSeconds: 0, resetScene: true });
  rig.dispose();
  return { summary, dataset: await Dataset.open(path) };
}

describe('recording the simulated arm into a LeRobot dataset', () => {
  it('writes the episodes, every frame, with the arm moving and the scene in the state', async () => {
    const { summary, dataset } = await recordScripted(join(dir, 'scripted'), 7);
    expect(summary.error).toBeUndefined();
    expect(dataset.episodes().map((e) => e.length)).toEqual([150, 150]);
    const episode = await dataset.readEpisode(1);
    const state = episode.columns[STATE_KEY];
    const action = episode.columns[ACTION_KEY];
    expect(state.width).toBe(6 + 6 + 7); // positions, velocities, cube pose
    expect(action.width).toBe(6);
    expect(dataset.info().features[STATE_KEY].names).toContain('cube.qw');
    // The arm follows the actions: over the episode each measured position tracks its command.
    let moved = 0;
    let lag = 0;
    for (let k = 0; k < episode.length; k++) {
      moved = Math.max(moved, Math.abs(state.values[k * 19 + 1] - state.values[1]));
      lag = Math.max(lag, Math.abs(state.values[k * 19 + 1] - action.values[k * 6 + 1]));
    }
    expect(moved).toBeGreaterThan(0.1);
    expect(lag).toBeLessThan(0.5);
    // Every episode starts from the reset scene: the cube where the home keyframe puts it.
    expect(state.values[12]).toBeCloseTo(0.24, 3);
    expect(state.values[13]).toBeCloseTo(0.08, 3);
  });

  it('the scripted operator really pushes the cube around', async () => {
    const rig = simRigCreate(await arm(), { fps: 50, scripted: { seed: 2, behaviours: ['push'] } });
    const path = join(dir, 'push');
    const dataset = await Dataset.openOrCreate(path, rig.recorder.datasetSpec());
    await rig.recorder.record({ dataset, task: 'push the cube', episodes: 1, episodeSeconds: 10, resetSeconds: 0, resetScene: true });
    rig.dispose();
    const state = (await (await Dataset.open(path)).readEpisode(0)).columns[STATE_KEY].values;
    let travelled = 0;
    for (let k = 1; k < 500; k++) travelled += Math.hypot(state[k * 19 + 12] - state[(k - 1) * 19 + 12], state[k * 19 + 13] - state[(k - 1) * 19 + 13]);
    expect(travelled).toBeGreaterThan(0.05);
    // Still on the table, within the arm's reach.
    expect(state[499 * 19 + 14]).toBeCloseTo(0.015, 2);
    expect(Math.hypot(state[499 * 19 + 12], state[499 * 19 + 13])).toBeLessThan(0.4);
  });

  it('is reproducible: the same seed records the same data', async () => {
    const a = await recordScripted(join(dir, 'seed-a'), 3);
    const b = await recordScripted(join(dir, 'seed-b'), 3);
    const ea = await a.dataset.readEpisode(0);
    const eb = await b.dataset.readEpisode(0);
    expect(Array.from(eb.columns[STATE_KEY].values)).toEqual(Array.from(ea.columns[STATE_KEY].values));
  });

  it('records what the keyboard does: a held key turns the base', async () => {
    const sim = await arm();
    let keyboard: KeyboardTeleop | undefined;
    const rig = simRigCreate(sim, {
      fps: 100,
      teleop: (ik) => {
        keyboard = new KeyboardTeleop(6, ik, { jointSpeed: 0.5 });
        return keyboard;
      },
    });
    const dataset = await Dataset.openOrCreate(join(dir, 'keyboard'), rig.recorder.datasetSpec());
    rig.recorder.onEvent((e) => {
      // The operator holds Q (base +) for the second half of the episode; the UI re-sends held keys.
      if (e.type === 'progress' && e.status.phase === 'recording' && e.status.frames >= 50) keyboard?.heldKeys(['KeyQ']);
    });
    const summary = await rig.recorder.record({ dataset, task: 'turn the base', episodes: 1, episodeSeconds: 1, resetSeconds: 0 });
    rig.dispose();
    expect(summary.episodes[0].frames).toBe(100);
    const episode = await (await Dataset.open(join(dir, 'keyboard'))).readEpisode(0);
    const pan = (k: number) => episode.columns[STATE_KEY].values[k * 19];
    const panAction = (k: number) => episode.columns[ACTION_KEY].values[k * 6];
    expect(Math.abs(pan(40) - pan(0))).toBeLessThan(0.01);
    expect(panAction(99)).toBeGreaterThan(0.15);
    expect(pan(99)).toBeGreaterThan(0.1);
  });

  it('re-record during the reset deletes the saved episode from the dataset', async () => {
    const rig = simRigCreate(await arm(), { fps: 30, scripted: { seed: 4 } });
    const path = join(dir, 'rerecord');
    const dataset = await Dataset.openOrCreate(path, rig.recorder.datasetSpec());
    let asked = false;
    rig.recorder.onEvent((e) => {
      if (!asked && e.type === 'progress' && e.status.phase === 'resetting') {
        asked = true;
        rig.recorder.rerecord();
      }
    });
    const summary = await rig.recorder.record({ dataset, task: 'again', episodes: 2, episodeSeconds: 1, resetSeconds: 1, resetScene: true });
    rig.dispose();
    expect(summary.error).toBeUndefined();
    expect(summary.discarded).toBe(1);
    expect((await Dataset.open(path)).episodes().map((e) => e.length)).toEqual([30, 30]);
  });

  it('records the virtual camera into the episode video', async () => {
    const rig = simRigCreate(await arm(), { fps: 30, camera: { name: 'front', width: 32, height: 24 } });
    const path = join(dir, 'camera');
    const dataset = await Dataset.openOrCreate(path, rig.recorder.datasetSpec());
    const summary = await rig.recorder.record({ dataset, task: 'look', episodes: 1, episodeSeconds: 1, resetSeconds: 0 });
    rig.dispose();
    expect(summary.error).toBeUndefined();
    const reopened = await Dataset.open(path);
    expect(reopened.cameraNames()).toEqual(['front']);
    expect(reopened.episodeRecord(0).videos['observation.images.front']).toBeDefined();
  });
});

describe('the rig without a link still has the one safety gate', () => {
  it('clips an out-of-limit wish at the joint limit, records what was sent, and the stream says the joint is held', async () => {
    const a = await arm();
    const wishing = {
      kind: 'sliders' as const,
      activate() {},
      deactivate() {},
      update(_tick: unknown, out: Float64Array) {
        out[0] = 5; // far past shoulder_pan's 1.92 rad
      },
      notice: () => null,
    };
    const rig = simRigCreate(a, { fps: 50, teleop: () => wishing });
    const path = join(dir, 'gated');
    const dataset = await Dataset.openOrCreate(path, { ...rig.recorder.datasetSpec(), robotType: 'so101_sim' });
    const summary = await rig.recorder.record({ dataset, task: 'push past the limit', episodes: 1, episodeSeconds: 1.5, resetSeconds: 0 });
    rig.dispose();
    expect(summary.error).toBeUndefined();
    const action = (await (await Dataset.open(path)).readEpisode(0)).columns[ACTION_KEY];
    const pan = Array.from({ length: action.values.length / 6 }, (_, k) => action.values[k * 6]);
    expect(Math.max(...pan)).toBeLessThanOrEqual(1.91986 + 1e-6);
    expect(pan[pan.length - 1]).toBeCloseTo(1.91986, 5); // 1.5 s at the 3 rad/s cap reaches the limit
    expect(pan[1] - pan[0]).toBeLessThanOrEqual(3 / 50 + 1e-6); // and ramps there at the speed cap
    expect(rig.actions.status().atLimit[0]).toBe(true);
  });
});

describe('recording the simulated arm in real time', () => {
  it('writes seconds × fps frames on the simulator’s own clock, however busy the machine', async () => {
    const sim = await arm();
    const rig = simRigCreate(sim, { fps: 50, mode: 'realtime', scripted: { seed: 3 } });
    const dataset = await Dataset.openOrCreate(join(dir, 'realtime'), { ...rig.recorder.datasetSpec(), robotType: 'so101_sim' });
    sim.start({ publishHz: 200 });
    try {
      const summary = await rig.recorder.record({ dataset, task: 'reach in real time', episodes: 1, episodeSeconds: 0.6, resetSeconds: 0, resetScene: true });
      expect(summary.error).toBeUndefined();
      expect(summary.episodes.map((e) => [e.frames, e.gap])).toEqual([[30, null]]);
    } finally {
      await rig.recorder.stopLoop();
      sim.stop();
      rig.dispose();
      await dataset.close();
    }
    expect((await Dataset.open(join(dir, 'realtime'))).episodes().map((e) => e.length)).toEqual([30]);
  });
});

describe('simClock', () => {
  it('follows the simulated time and carries on, never backwards, across a scene reset', () => {
    const world = { time: 0 };
    const clock = simClock(world);
    world.time = 1.25;
    expect(clock.now()).toBe(1.25);
    world.time = 0; // reset
    expect(clock.now()).toBe(1.25);
    world.time = 0.5;
    expect(clock.now()).toBe(1.75);
  });
});
