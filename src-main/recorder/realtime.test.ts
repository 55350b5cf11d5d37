import { describe, expect, it } from 'vitest';
import { ActionStream, KeyboardTeleop, SliderTeleop } from '../teleop';
import { Recorder } from './recorder';
import type { RecorderEvent } from './recorder-status';
import { liveSource } from './recorder-robot';
import { FakeTime } from './testing/fake-time';
import { KinematicWorld, MemoryDataset } from './testing/kinematic-world';

const JOINTS = ['a', 'b', 'c'].map((name) => ({ name, lower: -1, upper: 1 }));

/** A robot that pushes samples whenever the test says (as a real-time sim or a serial poller does). */
class PushingArm {
  readonly world = new KinematicWorld();
  reset() {
    this.world.reset();
  }
  private listener: ((s: { position: Float64Array; velocity: Float64Array; objects: { position: number[]; quaternion: number[] }[] }) => void) | null = null;
  commands = 0;
  onSample(listener: NonNullable<PushingArm['listener']>) {
    this.listener = listener;
    return () => {
      this.listener = null;
    };
  }
  setTargets(positions: Float64Array) {
    this.commands++;
    this.world.setTargets(positions);
  }
  /** A source whose samples lag: no sample is published while true. */
  quiet = false;
  publish(dt: number) {
    this.world.stepFor(dt);
    if (this.quiet) return;
    const s = this.world.readStateInto(this.world.sampleCreate());
    this.listener?.(s as never);
  }
}

async function run(time: FakeTime, arm: PushingArm, seconds: number, between?: (t: number) => void): Promise<void> {
  for (let k = 0; k < Math.round(seconds / 0.002); k++) {
    between?.(time.now());
    time.advance(0.002);
    arm.publish(0.002);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function setup(fps = 100) {
  const time = new FakeTime();
  const arm = new PushingArm();
  const keyboard = new KeyboardTeleop(3, null, { jointSpeed: 0.5 });
  const actions = new ActionStream({ joints: JOINTS }).add(keyboard);
  const robot = liveSource(arm, ['a', 'b', 'c'], ['cube']);
  const recorder = new Recorder({ robot, actions, fps, mode: 'realtime', clock: time, timers: time });
  const events: RecorderEvent[] = [];
  recorder.onEvent((e) => events.push(e));
  return { time, arm, keyboard, recorder, events };
}

describe('Recorder (realtime)', () => {
  it('sends nothing until the robot has reported its state', async () => {
    const { time, arm, recorder, events } = setup();
    recorder.startLoop();
    time.advance(0.1);
    expect(arm.commands).toBe(0);
    expect(events.some((e) => e.type === 'warning' && e.code === 'NO_OBSERVATION')).toBe(true);
    await recorder.stopLoop();
  });

  it('teleoperates between sessions, then records an episode stamped by the session clock', async () => {
    const { time, arm, keyboard, recorder } = setup(100);
    recorder.startLoop();
    expect(recorder.phase).toBe('teleop');
    keyboard.keyDown('KeyQ');
    await run(time, arm, 0.4);
    expect(arm.world.targets[0]).toBeGreaterThan(0.15); // the key moved joint a, nothing recorded
    keyboard.keyUp('KeyQ');
    const dataset = new MemoryDataset();
    const done = recorder.record({ dataset, task: 'wave', episodes: 1, episodeSeconds: 0.5, resetSeconds: 0 });
    await run(time, arm, 0.7, (t) => {
      if (t > 0.6 && t < 0.65) keyboard.keyDown('KeyW');
    });
    const summary = await done;
    expect(summary.episodes[0].frames).toBe(50);
    expect(summary.missedTicks).toBe(0);
    const frames = dataset.saved[0].frames;
    expect(frames[0].timestamp).toBeGreaterThan(0.4);
    for (let k = 1; k < frames.length; k++) expect(frames[k].timestamp - frames[k - 1].timestamp).toBeCloseTo(0.01, 3);
    expect(frames[49].action[1]).toBeGreaterThan(0); // the key held during recording is in the actions
    expect(recorder.phase).toBe('teleop'); // the loop keeps running after the session
    await recorder.stopLoop();
    expect(recorder.phase).toBe('idle');
  });

  it('warns when the loop runs slower than its rate, and counts the missed ticks', async () => {
    const { time, arm, recorder, events } = setup(200);
    time.busy = (n) => (n % 50 === 49 ? 0.012 : 0); // every 50th timer callback stalls 12 ms
    recorder.startLoop();
    await run(time, arm, 1);
    const status = recorder.status();
    expect(status.missedTicks).toBeGreaterThan(0);
    expect(status.warning).toMatch(/running late/);
    expect(events.some((e) => e.type === 'warning' && e.code === 'LOOP_LATE')).toBe(true);
    time.busy = () => 0; // the machine calms down: the warning goes away
    await run(time, arm, 4);
    expect(recorder.status().warning).toBeNull();
    await recorder.stopLoop();
  });

  it('reports a robot that keeps failing at most once a second, and keeps the loop alive', async () => {
    const { time, arm, recorder, events } = setup(100);
    arm.setTargets = () => {
      throw new Error('port closed');
    };
    recorder.startLoop();
    await run(time, arm, 3);
    const errors = events.filter((e) => e.type === 'error');
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors.length).toBeLessThanOrEqual(4);
    expect(recorder.phase).toBe('teleop');
    await recorder.stopLoop();
  });

  it('after a scene reset, restarts the action from the reset pose, not from the stale pre-reset sample', async () => {
    const { time, arm, keyboard, recorder } = setup(100);
    recorder.startLoop();
    await run(time, arm, 0.1);
    keyboard.keyDown('KeyQ');
    await run(time, arm, 0.5); // joint a driven away from 0
    keyboard.keyUp('KeyQ');
    expect(arm.world.position[0]).toBeGreaterThan(0.1);
    const dataset = new MemoryDataset();
    arm.quiet = true; // the first samples after the reset are late: ticks see only the stale one
    const done = recorder.record({ dataset, task: 'from home', episodes: 1, episodeSeconds: 0.3, resetSeconds: 0, resetScene: true });
    await run(time, arm, 0.05);
    arm.quiet = false;
    await run(time, arm, 0.5);
    await done;
    const frames = dataset.saved[0].frames;
    expect(Math.abs(frames[0].action[0])).toBeLessThan(1e-9); // commanded from the reset pose (0)
    expect(Math.abs(arm.world.targets[0])).toBeLessThan(1e-9);
    await recorder.stopLoop();
  });

  it('stopLoop during a session saves the episode being recorded', async () => {
    const { time, arm, recorder } = setup(100);
    recorder.startLoop();
    await run(time, arm, 0.05);
    const dataset = new MemoryDataset();
    const done = recorder.record({ dataset, task: 'hold', episodes: 3, episodeSeconds: 5, resetSeconds: 0 });
    await run(time, arm, 0.3);
    const stopping = recorder.stopLoop();
    await run(time, arm, 0.05);
    await stopping;
    const summary = await done;
    expect(summary.stopped).toBe(true);
    expect(summary.episodes).toHaveLength(1);
    expect(summary.episodes[0].frames).toBeGreaterThan(25);
  });
});

describe('Recorder on a studio RobotSource', () => {
  it('reads a RobotSource’s samples and drives its targets on the session clock', async () => {
    const { SessionClock } = await import('../studio');
    const { FakeArmSource } = await import('../studio/testing/fake-source');
    const clock = new SessionClock();
    const source = new FakeArmSource(clock, 200);
    const sliders = new SliderTeleop(3);
    const actions = new ActionStream({ joints: JOINTS, maxVelocity: 10 }).add(sliders);
    const robot = liveSource(source, ['a', 'b', 'c'], []);
    const recorder = new Recorder({ robot, actions, fps: 50, mode: 'realtime', clock: { now: () => clock.elapsed() }, progressIntervalS: 0 });
    await source.start();
    recorder.startLoop();
    const dataset = new MemoryDataset();
    // Move the slider once the episode has frames: synchronised on the recorder's progress, not on a sleep.
    const recording = new Promise<void>((resolve) => {
      recorder.onEvent((e) => {
        if (e.type === 'progress' && e.status.phase === 'recording' && e.status.frames >= 3) resolve();
      });
    });
    const done = recorder.record({ dataset, task: 'slide', episodes: 1, episodeSeconds: 0.4, resetSeconds: 0 });
    await recording;
    sliders.setJoint(0, 0.5);
    const summary = await done;
    await recorder.stopLoop();
    robot.dispose();
    await source.stop();
    expect(summary.episodes[0].frames).toBeGreaterThan(0);
    const frames = dataset.saved[0].frames;
    expect(frames[frames.length - 1].action[0]).toBeGreaterThan(0);
    expect(source.positions[0]).toBeGreaterThan(0); // the source followed the slider
    expect(frames[0].state).toHaveLength(6); // no objects: positions and velocities
  });
});

/** A joint that sweeps at a known speed whatever it is told: position a = SPEED · t on the session clock. */
const SPEED = 0.5;
class SweepingArm {
  private listener: ((s: { position: Float64Array; velocity: Float64Array; objects: never[] }) => void) | null = null;
  quiet = false;
  commands: Float64Array[] = [];
  constructor(private readonly time: FakeTime) {}
  onSample(listener: NonNullable<SweepingArm['listener']>) {
    this.listener = listener;
    return () => {
      this.listener = null;
    };
  }
  setTargets(positions: Float64Array) {
    this.commands.push(positions.slice());
  }
  publish() {
    if (this.quiet) return;
    const t = this.time.now();
    this.listener?.({ position: Float64Array.of(SPEED * t, 0, 0), velocity: Float64Array.of(SPEED, 0, 0), objects: [] });
  }
}

function sweepSetup(fps: number) {
  const time = new FakeTime();
  const arm = new SweepingArm(time);
  const sliders = new SliderTeleop(3);
  const actions = new ActionStream({ joints: JOINTS }).add(sliders);
  const robot = liveSource(arm, ['a', 'b', 'c'], []);
  const recorder = new Recorder({ robot, actions, fps, mode: 'realtime', clock: time, timers: time });
  const events: RecorderEvent[] = [];
  recorder.onEvent((e) => events.push(e));
  /**
   * Advances the fake clock in 2 ms steps, the arm publishing after each (as a 500 Hz source would). With
   * `ramp`, slider b follows the clock, so every tick commands a new value and a held action shows as a repeat.
   */
  let ramp = false;
  const run = async (seconds: number) => {
    for (let k = 0; k < Math.round(seconds / 0.002); k++) {
      if (ramp) sliders.setJoint(1, time.now() / 10);
      time.advance(0.002);
      arm.publish();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return {
    time,
    arm,
    recorder,
    events,
    run,
    startRamp: () => {
      ramp = true;
    },
  };
}

describe('Recorder time that tells the truth', () => {
  it('keeps every tick of a loop that misses ticks: each frame holds the state at its own timestamp, within one tick', async () => {
    const { time, recorder, run, startRamp } = sweepSetup(100);
    recorder.startLoop();
    await run(0.1);
    startRamp();
    time.busy = (n) => (n % 23 === 22 ? 0.035 : 0); // the event loop stalls 35 ms every 23 timer callbacks
    const dataset = new MemoryDataset();
    const done = recorder.record({ dataset, task: 'sweep', episodes: 1, episodeSeconds: 1, resetSeconds: 0 });
    await run(1.5);
    const summary = await done;
    await recorder.stopLoop();
    const episode = summary.episodes[0];
    expect(episode.missedTicks).toBeGreaterThan(3); // the loop really missed ticks…
    expect(episode.frames).toBe(100); // …and the episode still has seconds × fps frames
    expect(episode.gap).toBeNull();
    const frames = dataset.saved[0].frames;
    const period = 0.01;
    const t0 = frames[0].timestamp;
    frames.forEach((f, j) => {
      // The dataset stamps frame j at j / fps: its state must be the state at that time.
      expect(f.timestamp).toBeCloseTo(t0 + j * period, 9);
      expect(Math.abs(f.state[0] - SPEED * (t0 + j * period))).toBeLessThanOrEqual(SPEED * period);
    });
    // A missed tick sent no command: its frame holds the action in force, the one of the tick before.
    const held = frames.filter((f, j) => j > 0 && f.action[1] === frames[j - 1].action[1]).length;
    expect(held).toBe(episode.missedTicks);
    expect(recorder.status().report).toMatchObject({ episodes: 1, frames: 100, missedTicks: episode.missedTicks, gaps: [] });
  });

  it('ends the episode at the gap, and says so, when the robot stops reporting its state', async () => {
    const { arm, recorder, events, run } = sweepSetup(100);
    recorder.startLoop();
    await run(0.1);
    const dataset = new MemoryDataset();
    const done = recorder.record({ dataset, task: 'sweep', episodes: 1, episodeSeconds: 2, resetSeconds: 0 });
    await run(0.5);
    arm.quiet = true; // the cable is pulled for 500 ms
    await run(0.5);
    arm.quiet = false;
    await run(0.5);
    const summary = await done;
    await recorder.stopLoop();
    const { frames, gap } = summary.episodes[0];
    expect(gap).not.toBeNull();
    expect(gap?.silentS).toBeGreaterThan(0.25);
    // Frames stop where the state stopped, none drawn across the silence.
    expect(frames).toBe(Math.round((gap?.atS ?? 0) * 100));
    expect(frames).toBeGreaterThan(40);
    expect(frames).toBeLessThan(55);
    const saved = dataset.saved[0].frames;
    const t0 = saved[0].timestamp;
    for (const [j, f] of saved.entries()) expect(Math.abs(f.state[0] - SPEED * (t0 + j * 0.01))).toBeLessThanOrEqual(SPEED * 0.01);
    expect(events).toContainEqual(expect.objectContaining({ type: 'episode-saved', gap: expect.objectContaining({ atS: gap?.atS }) }));
    expect(recorder.status().report?.gaps).toEqual([{ episode: 0, atS: gap?.atS, silentS: gap?.silentS }]);
  });

  it('shows no late-loop note for ticks late within their period, and clears the note once the loop is healthy', async () => {
    const { time, arm, recorder, run } = sweepSetup(200);
    time.busy = (n) => (n % 10 === 9 ? 0.009 : 0); // the next tick runs 4 ms late: over half the 5 ms period, none missed
    arm.publish(); // the robot's state is there from the first tick
    recorder.startLoop();
    await run(1);
    expect(recorder.status().lateTicks).toBeGreaterThan(0);
    expect(recorder.status().missedTicks).toBe(0);
    expect(recorder.status().warning).toBeNull();
    time.busy = (n) => (n % 50 === 49 ? 0.012 : 0); // now ticks are missed
    await run(1);
    expect(recorder.status().warning).toMatch(/ticks missed/);
    time.busy = () => 0;
    await run(2.5);
    expect(recorder.status().warning).toBeNull();
    await recorder.stopLoop();
  });
});
