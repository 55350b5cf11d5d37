// The recorder owns the control loop: at a fixed rate (30–200 Hz) it reads the robot, asks the active
// teleop source for an action, sends it, and — while an episode is recording — appends the pair as one
// frame, both stamped from the one session clock. Episodes go record → reset → next, with keys for
// next / re-record / stop. Saving (finalizing into parquet) runs during the reset phase, so its cost
// is hidden behind the time a human needs to put the scene back.
//
// Two drivers, one tick:
//   realtime — a FixedRateLoop on the session clock; teleop keeps working between sessions and while
//              the dataset opens or saves; lateness is measured and warned about.
//   stepped  — the simulator advances exactly 1/fps per tick and the clock is simulated time, as fast
//              as the CPU allows (CLI, bench, tests); waits for the dataset instead of ticking past it.

import { ErrorCodes, PraxisError, toErrorData } from '../api';
import type { ActionObservation, ActionStream } from '../teleop';
import type { RecorderCamera } from './cameras';
import { LoopHealth, WARNING_INTERVAL_S } from './loop-health';
import { FixedRateLoop, type LoopClock } from './fixed-rate-loop';
import { FrameBuilder } from './frame-builder';
import { type ObservationLayout, observationCreate, observationLayout, type RobotObservation } from './observation';
import { type RecorderOptions, recorderOptionsCheck } from './recorder-options';
import type { RecorderRobot } from './recorder-robot';
import { type RecorderEvent, type RecorderPhase, type RecorderStatus, recorderStatusOf } from './recorder-status';
import { planCheck, type RecordingPlan, type RecordingSession, type RecordingSummary, sessionCreate, sessionReport, sessionSummary, sessionTrack } from './session';
import { TimedFrames } from './timed-frames';

/** Stepped mode yields to the event loop this often, so the episode log's writes proceed. */
const STEPPED_YIELD_TICKS = 200;

const performanceClock: LoopClock = { now: () => performance.now() / 1000 };

/**
 * The robot's state stream may fall silent this long before an episode ends at the gap rather than interpolate
 * across it. A busy 2-core machine deschedules the process for 100 ms and more (112 ms measured at load 27,
 * recording the sim in real time); much longer, a straight line between two samples is no longer the arm's path.
 */
export const DEFAULT_MAX_GAP_S = 0.25;

export class Recorder {
  readonly fps: number;
  readonly layout: ObservationLayout;
  private readonly robot: RecorderRobot;
  private readonly actions: ActionStream;
  private readonly cameras: RecorderCamera[];
  private readonly clock: LoopClock;
  private readonly loop: FixedRateLoop | null;
  private readonly observation: RobotObservation;
  private readonly frames: FrameBuilder;
  /** Realtime: frames sampled at their own times from the state stream, whatever the ticks' lateness. */
  private readonly timed: TimedFrames | null;
  private lastReport: RecorderStatus['report'] = null;
  /** The action stream's input, reused every tick (it reads the observation's arrays in place). */
  private readonly stepInput: ActionObservation;
  private phaseNow: RecorderPhase = 'idle';
  private session: RecordingSession | null = null;
  private needsSync = true;
  private lastT = 0;
  private steppedTicks = 0;
  private lastProgressT = Number.NEGATIVE_INFINITY;
  private lastErrorT = Number.NEGATIVE_INFINITY;
  private readonly health = new LoopHealth((code, message) => this.emit({ type: 'warning', code, message }));
  private readonly listeners = new Set<(event: RecorderEvent) => void>();

  constructor(private readonly options: RecorderOptions) {
    recorderOptionsCheck(options);
    const fps = options.fps;
    this.fps = fps;
    this.robot = options.robot;
    this.actions = options.actions;
    this.cameras = options.cameras ?? [];
    this.clock = options.clock ?? performanceClock;
    this.loop = options.mode === 'realtime' ? new FixedRateLoop(fps, this.clock, options.timers) : null;
    this.layout = observationLayout(this.robot.jointNames, this.robot.objectNames, options.layout);
    this.observation = observationCreate(this.robot.jointNames.length, this.robot.objectNames);
    this.frames = new FrameBuilder(this.layout, this.cameras);
    this.stepInput = { t: 0, position: this.observation.position, objects: this.observation.objects };
    this.timed = this.loop ? new TimedFrames(this.robot, this.clock, this.loop.periodS, options.maxGapS ?? DEFAULT_MAX_GAP_S) : null;
  }

  /** What Dataset.openOrCreate needs to hold this recorder's frames. */
  datasetSpec(): { fps: number; stateNames: string[]; actionNames: string[]; cameras: Record<string, { width: number; height: number }> } {
    const cameras: Record<string, { width: number; height: number }> = {};
    for (const c of this.cameras) cameras[c.name] = { width: c.width, height: c.height };
    return { fps: this.fps, stateNames: this.layout.stateNames.slice(), actionNames: this.layout.actionNames.slice(), cameras };
  }

  get phase(): RecorderPhase {
    return this.phaseNow;
  }

  onEvent(listener: (event: RecorderEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Realtime mode: start ticking (teleop live, nothing recorded until record()). */
  startLoop(): void {
    if (!this.loop) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'A stepped recorder has no free-running loop.', 'Call record(); it steps the simulator itself.');
    if (this.loop.isRunning) return;
    this.needsSync = true;
    this.loop.start((dueS, latenessS) => this.tick(dueS + latenessS, dueS));
    this.setPhase('teleop');
  }

  /** Stops the loop; a session in progress is stopped first (its episode saved). */
  async stopLoop(): Promise<void> {
    if (this.session) {
      const done = this.session.done;
      this.stop();
      await done;
    }
    this.loop?.stop();
    this.setPhase('idle');
  }

  /**
   * Records `plan.episodes` episodes into `plan.dataset`. Resolves when the session ends (all episodes
   * saved, or stop()); errors end the session and are reported in the summary, with every complete
   * frame kept (saved, or left in the crash-safe log for Dataset.recover()).
   */
  async record(plan: RecordingPlan): Promise<RecordingSummary> {
    planCheck(plan);
    if (this.session) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'A recording session is already running.', 'Stop it first, or wait for it to finish.');
    const session = sessionCreate(plan);
    this.session = session;
    if (this.loop) {
      if (!this.loop.isRunning) this.startLoop();
      this.prepareEpisode(session, this.clock.now());
    } else {
      this.prepareEpisode(session, this.lastT);
      void this.runStepped(session);
    }
    return session.done;
  }

  /** End the episode now and save it (during reset: skip the rest of the reset). */
  next(): void {
    if (this.session) this.session.requests.next = true;
  }

  /**
   * Throw the current episode away and record it again after the reset. During the reset it takes back
   * the episode just saved (when the dataset can delete episodes), as LeRobot's re-record key does.
   */
  rerecord(): void {
    if (this.session && (this.phaseNow === 'recording' || this.phaseNow === 'resetting')) this.session.requests.rerecord = true;
  }

  /** End the session: the episode being recorded is saved, no more are started. */
  stop(): void {
    if (this.session) this.session.requests.stop = true;
  }

  status(): RecorderStatus {
    return recorderStatusOf({
      phase: this.phaseNow,
      mode: this.options.mode,
      fps: this.fps,
      session: this.session,
      now: this.lastT,
      loop: this.loop?.stats() ?? null,
      warning: this.health.warning,
      report: this.lastReport,
    });
  }

  /** One control tick at session time `t`, due at `dueS` (realtime: t is later by the tick's lateness). */
  private tick(t: number, dueS = t): void {
    this.lastT = t;
    const obs = this.observation;
    if (!this.robot.observe(obs)) {
      this.health.problem(t, 'NO_OBSERVATION', 'No state from the robot yet; not sending commands.');
      return;
    }
    if (this.needsSync) {
      this.actions.sync(obs.position);
      this.needsSync = false;
    }
    let action: Float64Array;
    try {
      this.stepInput.t = t;
      action = this.actions.step(this.stepInput);
      this.robot.command(action);
    } catch (e) {
      this.fail(e);
      return;
    }
    this.timed?.noteTick(t, dueS, obs, action);
    const session = this.session;
    if (session) this.sessionTick(session, t, dueS, action);
    if (this.loop) this.health.checkLoop(t, this.loop.stats(), this.fps);
    if (t - this.lastProgressT >= (this.options.progressIntervalS ?? 0.25)) {
      this.lastProgressT = t;
      this.emit({ type: 'progress', status: this.status() });
    }
  }

  private sessionTick(session: RecordingSession, t: number, dueS: number, action: Float64Array): void {
    const { plan, requests } = session;
    if (this.phaseNow === 'recording') {
      if (session.frameZeroT === null) this.beginFrames(session, t, dueS);
      const target = Math.round(plan.episodeSeconds * this.fps);
      if (requests.rerecord) {
        this.endEpisode(session, t, 'discard');
        return;
      }
      const ending = requests.stop || requests.next || session.frames >= target;
      const timed = this.timed;
      if (!timed) {
        // Stepped: this tick is exactly on the grid; the one after the last frame ends the episode.
        if (ending) this.endEpisode(session, t, 'save');
        else this.appendFrame(session, t, this.observation, action);
        return;
      }
      const gap = timed.drain(t, dueS, target, (ft) => this.appendFrame(session, ft, timed.state, timed.action));
      if (this.phaseNow !== 'recording') return; // a failed append ended it
      if (gap) {
        session.gap = gap;
        this.health.notice(t, `Episode ${session.index + 1} ended at ${gap.atS.toFixed(2)} s: no state from the robot for ${(gap.silentS * 1000).toFixed(0)} ms; ${session.frames} frames kept.`);
      }
      if (gap || ending || session.frames >= target) this.endEpisode(session, t, 'save');
    } else if (this.phaseNow === 'resetting') {
      if (requests.rerecord) this.takeBack(session);
      if (requests.stop) this.finish(session, t);
      else if (requests.next || t - session.phaseStartT >= plan.resetSeconds) {
        if (session.saving) session.blocking = session.saving;
        else this.prepareEpisode(session, t);
      }
    } else if (this.phaseNow === 'starting' && requests.stop) {
      this.finish(session, t);
    }
  }

  /** Frame 0 of the episode is due with this tick; the loop's counters start from here too. */
  private beginFrames(session: RecordingSession, t: number, dueS: number): void {
    session.frameZeroT = dueS;
    session.phaseStartT = t;
    session.gap = null;
    const stats = this.loop?.stats();
    session.loopAtStart = { missed: stats?.missed ?? 0, late: stats?.late ?? 0 };
    this.timed?.begin(dueS);
  }

  private appendFrame(session: RecordingSession, t: number, observation: RobotObservation, action: Float64Array): void {
    const sink = session.sink;
    if (!sink) return;
    try {
      sink.appendFrame(this.frames.build(t, observation, action));
      session.frames++;
    } catch (e) {
      this.fail(e);
    }
  }

  /** Resets the scene if asked, then opens the next episode; recording starts when the dataset is ready. */
  private prepareEpisode(session: RecordingSession, t: number): void {
    if (session.plan.resetScene && this.robot.reset) {
      this.robot.reset();
      this.timed?.clear();
      this.needsSync = true;
    }
    this.actions.episodeStart((session.plan.episodeOffset ?? 0) + session.index);
    session.requests.next = false;
    session.requests.rerecord = false;
    session.frames = 0;
    session.frameZeroT = null;
    this.frames.restart();
    session.phaseStartT = t;
    this.setPhase('starting');
    const begin = session.plan.dataset.beginEpisode({ task: session.plan.task }).then(
      (sink) => {
        session.blocking = null;
        if (this.session !== session) {
          void sink.discard();
          return;
        }
        session.sink = sink;
        if (session.requests.stop) {
          this.finish(session, this.lastT);
          return;
        }
        session.phaseStartT = this.lastT;
        this.setPhase('recording');
      },
      (e: unknown) => {
        session.blocking = null;
        this.fail(e);
      },
    );
    session.blocking = begin;
  }

  private endEpisode(session: RecordingSession, t: number, how: 'save' | 'discard'): void {
    const sink = session.sink;
    session.sink = null;
    const frames = session.frames;
    const episode = session.index;
    const stats = this.loop?.stats();
    const missedTicks = (stats?.missed ?? 0) - session.loopAtStart.missed;
    const lateTicks = (stats?.late ?? 0) - session.loopAtStart.late;
    const gap = session.gap;
    const requests = session.requests;
    const stopping = requests.stop;
    requests.next = false;
    requests.rerecord = false;
    if (sink && (how === 'discard' || frames === 0)) {
      if (how === 'discard') session.discarded++;
      this.track(session, () => sink.discard().then(() => this.emit({ type: 'episode-discarded', episode, frames })));
    } else if (sink) {
      session.index++;
      this.track(session, () => {
        const startedAt = performance.now();
        return sink.save().then((report) => {
          const finalizeMs = performance.now() - startedAt;
          const saved = { episode, datasetIndex: report.episodeIndex, frames: report.frames, finalizeMs, missedTicks, lateTicks, gap };
          session.saved.push(saved);
          this.emit({ type: 'episode-saved', ...saved });
        });
      });
    }
    if (stopping || session.index >= session.plan.episodes) this.finish(session, t);
    else {
      session.phaseStartT = t;
      this.setPhase('resetting');
    }
  }

  /** Re-record pressed during the reset: delete the episode just saved, and record its index again. */
  private takeBack(session: RecordingSession): void {
    session.requests.rerecord = false;
    const deleteEpisode = session.plan.dataset.deleteEpisode?.bind(session.plan.dataset);
    if (!deleteEpisode || session.index === 0) {
      this.health.notice(this.lastT, 'This dataset cannot take back a saved episode; delete it in the episode browser.');
      return;
    }
    session.index--;
    session.discarded++;
    // Chained after the save, so the episode is deleted only once it exists.
    this.track(session, async () => {
      const last = session.saved.pop();
      if (last && last.datasetIndex !== null) await deleteEpisode(last.datasetIndex);
      if (last) this.emit({ type: 'episode-discarded', episode: last.episode, frames: last.frames });
    });
  }

  /** Keeps one promise for the saves in flight; a failing save ends the session. */
  private track(session: RecordingSession, work: () => Promise<void>): void {
    sessionTrack(session, work, (e) => this.fail(e));
  }

  /** No more episodes: wait for saves, then end the session. */
  private finish(session: RecordingSession, t: number): void {
    if (session.finishing) return;
    session.finishing = true;
    session.phaseStartT = t;
    this.setPhase('finishing');
    const sink = session.sink;
    session.sink = null;
    if (sink) this.track(session, () => sink.discard());
    const wait = session.saving ?? Promise.resolve();
    session.blocking = wait;
    void wait.then(() => this.complete(session));
  }

  private complete(session: RecordingSession): void {
    if (this.session !== session) return;
    this.session = null;
    session.blocking = null;
    const summary = sessionSummary(session, (this.loop?.stats().maxLatenessS ?? 0) * 1000);
    this.lastReport = sessionReport(summary, this.fps);
    this.setPhase(this.loop?.isRunning ? 'teleop' : 'idle');
    session.resolve(summary);
  }

  private fail(e: unknown): void {
    const error = toErrorData(e);
    const session = this.session;
    if (!session) {
      // Between sessions the loop keeps ticking; a robot that keeps failing must not flood the UI.
      if (this.lastT - this.lastErrorT < WARNING_INTERVAL_S) return;
      this.lastErrorT = this.lastT;
      this.emit({ type: 'error', error });
      return;
    }
    this.emit({ type: 'error', error });
    session.error ??= error;
    session.requests.stop = true;
    // Keep what was recorded: a frame that failed to append leaves the earlier ones intact.
    if (this.phaseNow === 'recording' && session.sink && session.frames > 0) this.endEpisode(session, this.lastT, 'save');
    else this.finish(session, this.lastT);
  }

  private async runStepped(session: RecordingSession): Promise<void> {
    const dt = 1 / this.fps;
    const t0 = this.lastT;
    let k = this.steppedTicks;
    while (this.session === session) {
      if (session.blocking) {
        await session.blocking;
        continue;
      }
      const t = t0 + (k - this.steppedTicks) * dt;
      this.tick(t);
      this.robot.advance?.(dt);
      k++;
      if (k % STEPPED_YIELD_TICKS === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    // The session clock continues from here if another session follows.
    this.lastT = t0 + (k - this.steppedTicks) * dt;
    this.steppedTicks = k;
  }

  private setPhase(phase: RecorderPhase): void {
    if (phase === this.phaseNow) return;
    this.phaseNow = phase;
    this.emit({ type: 'phase', phase, episode: this.session?.index ?? 0 });
  }

  private emit(event: RecorderEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A UI listener's bug must not stop the control loop.
      }
    }
  }
}
