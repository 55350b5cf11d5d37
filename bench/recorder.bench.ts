// The recorder at its hardest rate: 10 minutes of 200 Hz simulated SO-101 data (scripted operator,
// sped up: the sim is stepped 1/200 s per tick as fast as the CPU allows) into a LeRobot v3 dataset.
// Reports dropped samples (goal 0), the time to finalize the episode, and the loop's cost.
// First a short real-time run (wall-clock paced, the sim in its real-time runner) reporting missed
// ticks and lateness, which is where samples can really be lost; it runs first so that the big
// sped-up run's heap (and its garbage collections) does not disturb it.
//
// Run: npx tsx bench/recorder.bench.ts [--minutes 10] [--fps 200] [--episodes 1] [--realtime-seconds 5]
//
// Reference, measured in the same run: the physics alone for the same simulated time per second of
// wall time, so "recording / physics" says what observing, teleop (IK every tick), and logging cost
// on top of the simulation, independent of how busy the machine is.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Dataset, type RecordedFrame } from '../src-main/dataset';
import { type EpisodeSink, FixedRateLoop, type RecordingDataset, simRigCreate } from '../src-main/recorder';
import { SimulatedArm } from '../src-main/sim';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    fps: { type: 'string', default: '200' },
    episodes: { type: 'string', default: '1' },
    'realtime-seconds': { type: 'string', default: '5' },
  },
});
const minutes = Number(values.minutes);
const fps = Number(values.fps);
const episodes = Number(values.episodes);
const realtimeSeconds = Number(values['realtime-seconds']);
const episodeSeconds = (minutes * 60) / episodes;

/** Passes frames to the dataset and checks their spacing on the way: a gap is a dropped sample. */
class CheckingDataset implements RecordingDataset {
  frames = 0;
  gaps = 0;
  constructor(
    private readonly inner: Dataset,
    private readonly period: number,
  ) {}
  async beginEpisode(options: { task: string }): Promise<EpisodeSink> {
    const sink = await this.inner.beginEpisode(options);
    let last = Number.NaN;
    return {
      appendFrame: (frame: RecordedFrame) => {
        if (frame.timestamp - last > 1.5 * this.period) this.gaps += Math.round((frame.timestamp - last) / this.period) - 1;
        last = frame.timestamp;
        this.frames++;
        sink.appendFrame(frame);
      },
      save: () => sink.save(),
      discard: () => sink.discard(),
    };
  }
}

function cpuShare(usage: NodeJS.CpuUsage, wallS: number): number {
  return (usage.user + usage.system) / 1e6 / wallS;
}

const root = await mkdtemp(join(tmpdir(), 'praxis-recorder-bench-'));
try {
  // Real time: the sim runs in its real-time runner; the recorder's loop is paced by the wall clock.
  // Reference: an empty loop at the same rate for the same time, so missed ticks the machine causes
  // (other processes, timer granularity) are told apart from ones the recorder causes.
  if (realtimeSeconds > 0) {
    const empty = new FixedRateLoop(fps, { now: () => performance.now() / 1000 });
    empty.start(() => {});
    await new Promise((resolve) => setTimeout(resolve, realtimeSeconds * 1000));
    empty.stop();
    const emptyStats = empty.stats();
    // Second reference: the sim's own real-time runner alone, the event loop the recorder shares.
    const alone = await SimulatedArm.load();
    const aloneDelay = monitorEventLoopDelay({ resolution: 1 });
    aloneDelay.enable();
    const aloneCpu = process.cpuUsage();
    alone.start({ publishHz: Math.max(200, fps) });
    await new Promise((resolve) => setTimeout(resolve, realtimeSeconds * 1000));
    alone.stop();
    const aloneCpuShare = cpuShare(process.cpuUsage(aloneCpu), realtimeSeconds);
    aloneDelay.disable();
    alone.dispose();
    const delay = monitorEventLoopDelay({ resolution: 1 });
    const live = await SimulatedArm.load();
    const liveRig = simRigCreate(live, { fps, mode: 'realtime', scripted: { seed: 2 } });
    const liveDataset = await Dataset.openOrCreate(join(root, 'realtime'), { ...liveRig.recorder.datasetSpec(), robotType: 'so101_sim' });
    const liveChecking = new CheckingDataset(liveDataset, 1 / fps);
    delay.enable();
    const liveCpu = process.cpuUsage();
    const liveStarted = performance.now();
    live.start({ publishHz: Math.max(200, fps) });
    liveRig.recorder.startLoop();
    let longestTickMs = 0;
    liveRig.recorder.onEvent((e) => {
      if (e.type === 'progress' && e.status.phase === 'recording') longestTickMs = Math.max(longestTickMs, e.status.maxTickMs);
      // Measure the recording itself; finalizing the episode afterwards blocks the event loop (dataset/).
      if (e.type === 'phase' && e.phase === 'finishing') delay.disable();
    });
    const liveSummary = await liveRig.recorder.record({ dataset: liveChecking, task: 'scripted, real time', episodes: 1, episodeSeconds: realtimeSeconds, resetSeconds: 0 });
    await liveRig.recorder.stopLoop();
    live.stop();
    delay.disable();
    const liveCpuShare = cpuShare(process.cpuUsage(liveCpu), (performance.now() - liveStarted) / 1000);
    const runner = live.stats();
    liveRig.dispose();
    live.dispose();
    const liveExpected = Math.round(realtimeSeconds * fps);
    console.log(`real time: ${realtimeSeconds} s at ${fps} Hz`);
    const ms = (h: { percentile(p: number): number; max: number }) => `p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms, max ${(h.max / 1e6).toFixed(1)} ms`;
    console.log(`  reference (empty loop): ${emptyStats.missed} of ${emptyStats.ticks + emptyStats.missed} ticks missed`);
    console.log(`  event-loop delay: sim runner alone ${ms(aloneDelay)}; sim + recorder while recording ${ms(delay)}`);
    const liveStored = liveSummary.episodes[0]?.frames ?? 0;
    console.log(`  frames expected ${liveExpected}, stored ${liveStored}: dropped while recording ${liveExpected - liveStored}; loop ticks missed in all ${liveSummary.missedTicks} (including while the episode was finalized)`);
    console.log(`  longest recorder tick (its own work): ${longestTickMs.toFixed(2)} ms`);
    console.log(`  CPU used: sim runner alone ${(aloneCpuShare * 100).toFixed(0)} % of a core; sim + recorder ${(liveCpuShare * 100).toFixed(0)} %`);
    console.log(`  sim runner: ${runner.publishHz.toFixed(0)} Hz published, real-time factor ${runner.realtimeFactor.toFixed(2)}, overruns ${runner.overruns}`);
  }

  // Reference: physics only.
  const reference = await SimulatedArm.load();
  reference.setTargets([0.6, -0.4, 0.5, 0.7, 1.0, 0.8]);
  reference.stepFor(1);
  let started = performance.now();
  reference.stepFor(30);
  const physicsSimPerWall = 30 / ((performance.now() - started) / 1000);
  reference.dispose();

  // Sped-up recording.
  const arm = await SimulatedArm.load();
  const rig = simRigCreate(arm, { fps, scripted: { seed: 1 } });
  const dataset = await Dataset.openOrCreate(join(root, 'stepped'), { ...rig.recorder.datasetSpec(), robotType: 'so101_sim' });
  const checking = new CheckingDataset(dataset, 1 / fps);
  const rssBefore = process.memoryUsage().rss;
  started = performance.now();
  const summary = await rig.recorder.record({ dataset: checking, task: 'scripted reach, push and explore', episodes, episodeSeconds, resetSeconds: 0, resetScene: true });
  const wallS = (performance.now() - started) / 1000;
  const rssAfter = process.memoryUsage().rss;
  rig.dispose();
  arm.dispose();
  if (summary.error) throw new Error(`recording failed: ${summary.error.message}`);

  const reopened = await Dataset.open(join(root, 'stepped'));
  const stored = reopened.episodes().reduce((a, e) => a + e.length, 0);
  const expected = Math.round(episodeSeconds * fps) * episodes;
  const lastEpisode = await reopened.readEpisode(reopened.episodes().length - 1);
  const finalize = summary.episodes.map((e) => e.finalizeMs);
  const finalizeTotal = finalize.reduce((a, b) => a + b, 0);
  const recordedS = stored / fps;
  const recordingSimPerWall = recordedS / (wallS - finalizeTotal / 1000);

  console.log(`sped-up: ${minutes} min at ${fps} Hz, ${episodes} episode(s) of ${episodeSeconds} s`);
  console.log(`  frames expected ${expected}, appended ${checking.frames}, stored ${stored}, rows read back ${lastEpisode.length * episodes}`);
  console.log(`  dropped samples: ${expected - stored + checking.gaps} (gaps in timestamps: ${checking.gaps})`);
  console.log(`  finalize: ${finalize.map((ms) => `${ms.toFixed(0)} ms`).join(', ')} (${((finalizeTotal / stored) * 1000).toFixed(1)} µs per frame)`);
  console.log(`  wall time ${wallS.toFixed(1)} s: ${(recordedS / wallS).toFixed(1)}× real time including finalize`);
  console.log(`  loop cost beyond physics: ${(((wallS - finalizeTotal / 1000) / stored - 1 / fps / physicsSimPerWall) * 1e6).toFixed(0)} µs per tick`);
  console.log(`  reference (physics only): ${physicsSimPerWall.toFixed(1)}× real time; recording / physics = ${(recordingSimPerWall / physicsSimPerWall).toFixed(2)}`);
  console.log(`  memory growth over recording + finalize: ${((rssAfter - rssBefore) / 1e6).toFixed(0)} MB`);

} finally {
  await rm(root, { recursive: true, force: true });
}
