// One recording session: the plan the operator asked for and what has happened so far.

import { ErrorCodes, PraxisError, type PraxisErrorData } from '../api';
import type { RecordedFrame } from '../dataset';
import type { EpisodeGap } from './frame-schedule';

/** An episode being written: Dataset.beginEpisode's EpisodeRecording has this shape. */
export interface EpisodeSink {
  appendFrame(frame: RecordedFrame): void;
  save(): Promise<{ episodeIndex: number | null; frames: number }>;
  discard(): Promise<void>;
}

/** Where episodes go: src-main/dataset's Dataset has this shape. */
export interface RecordingDataset {
  beginEpisode(options: { task: string }): Promise<EpisodeSink>;
  /** Lets re-record during the reset take back the episode just saved. */
  deleteEpisode?(index: number): Promise<void>;
}

export interface RecordingPlan {
  dataset: RecordingDataset;
  /** What the operator does, in words; stored with each episode (LeRobot's task). */
  task: string;
  episodes: number;
  /** Length of each episode. */
  episodeSeconds: number;
  /** Pause between episodes for putting the scene back (teleop stays live). 0 for none. */
  resetSeconds: number;
  /** Reset the robot's scene (sim: home pose, cube back) before each episode. Default false. */
  resetScene?: boolean;
  /**
   * Added to the episode index teleop sources are told about (a scripted operator reseeds per episode):
   * pass the number of episodes already in the dataset, so a second run does not repeat the first.
   */
  episodeOffset?: number;
}

export interface SavedEpisode {
  /** Index within the session. */
  episode: number;
  /** Index in the dataset, or null if it held no frame. */
  datasetIndex: number | null;
  frames: number;
  /** Time save() took (closing the log and finalizing parquet/video/metadata). */
  finalizeMs: number;
  /** Ticks the loop missed while it recorded (their frames were sampled from the state stream). */
  missedTicks: number;
  /** Ticks that ran more than half a period late. */
  lateTicks: number;
  /** Set when the episode ended early because the robot's state stream went silent. */
  gap: EpisodeGap | null;
}

export interface RecordingSummary {
  episodes: SavedEpisode[];
  /** Episodes thrown away by re-record (while recording, or just saved and then deleted during the reset). */
  discarded: number;
  /** The session ended by stop() (or an error) rather than by finishing its episodes. */
  stopped: boolean;
  /** Summed over the saved episodes. */
  missedTicks: number;
  lateTicks: number;
  maxLatenessMs: number;
  error?: PraxisErrorData;
}

export interface RecordingSession {
  plan: RecordingPlan;
  /** Episode index within the session: episodes saved (or saving) so far. */
  index: number;
  frames: number;
  phaseStartT: number;
  /** Session time frame 0 of the current episode is due at; null until its first recording tick. */
  frameZeroT: number | null;
  /** The loop's counters when the current episode began. */
  loopAtStart: { missed: number; late: number };
  /** Where the current episode's state stream went silent, if it did. */
  gap: EpisodeGap | null;
  sink: EpisodeSink | null;
  requests: { next: boolean; rerecord: boolean; stop: boolean };
  /** Saves in flight, chained. */
  saving: Promise<void> | null;
  /** What a stepped loop must wait for before ticking on. */
  blocking: Promise<void> | null;
  finishing: boolean;
  saved: SavedEpisode[];
  discarded: number;
  error?: PraxisErrorData;
  done: Promise<RecordingSummary>;
  resolve(summary: RecordingSummary): void;
}

export function planCheck(plan: RecordingPlan): void {
  const bad = (message: string, hint: string) => new PraxisError(ErrorCodes.INVALID_ARGUMENT, message, hint);
  if (!plan.task.trim()) throw bad('An episode needs a task description.', 'Describe the task in a few words, e.g. "push the cube to the left".');
  if (!(Number.isInteger(plan.episodes) && plan.episodes >= 1)) throw bad(`Cannot record ${plan.episodes} episodes.`, 'Ask for 1 or more.');
  if (!(Number.isFinite(plan.episodeSeconds) && plan.episodeSeconds > 0)) throw bad(`Episodes cannot last ${plan.episodeSeconds} s.`, 'Give a positive length in seconds.');
  if (!(Number.isFinite(plan.resetSeconds) && plan.resetSeconds >= 0)) throw bad(`A reset cannot last ${plan.resetSeconds} s.`, 'Give 0 or more seconds.');
  if (plan.episodeOffset !== undefined && !(Number.isInteger(plan.episodeOffset) && plan.episodeOffset >= 0)) throw bad(`Episode offset ${plan.episodeOffset} is not a whole number ≥ 0.`, 'Pass the number of episodes already in the dataset.');
}

export function sessionCreate(plan: RecordingPlan): RecordingSession {
  let resolve: (summary: RecordingSummary) => void = () => {};
  const done = new Promise<RecordingSummary>((r) => {
    resolve = r;
  });
  return {
    plan,
    index: 0,
    frames: 0,
    phaseStartT: 0,
    frameZeroT: null,
    loopAtStart: { missed: 0, late: 0 },
    gap: null,
    sink: null,
    requests: { next: false, rerecord: false, stop: false },
    saving: null,
    blocking: null,
    finishing: false,
    saved: [],
    discarded: 0,
    done,
    resolve,
  };
}

/** What happened in a finished session, in the terms the Record panel and the CLI report it. */
export interface SessionReport {
  episodes: number;
  frames: number;
  seconds: number;
  missedTicks: number;
  lateTicks: number;
  /** Episodes that ended early at a silent state stream. */
  gaps: { episode: number; atS: number; silentS: number }[];
  stopped: boolean;
  error: string | null;
}

export function sessionReport(summary: RecordingSummary, fps: number): SessionReport {
  const frames = summary.episodes.reduce((a, e) => a + e.frames, 0);
  return {
    episodes: summary.episodes.length,
    frames,
    seconds: frames / fps,
    missedTicks: summary.missedTicks,
    lateTicks: summary.lateTicks,
    gaps: summary.episodes.flatMap((e) => (e.gap ? [{ episode: e.episode, atS: e.gap.atS, silentS: e.gap.silentS }] : [])),
    stopped: summary.stopped,
    error: summary.error?.message ?? null,
  };
}

/** One line per finding, for a terminal or a panel: frames and time, missed and late ticks, gaps. */
export function sessionReportLines(r: SessionReport, fps: number): string[] {
  const lines = [`${r.episodes} episode(s), ${r.frames} frames (${r.seconds.toFixed(2)} s at ${fps} Hz).`];
  if (r.missedTicks > 0) lines.push(`${r.missedTicks} ticks missed by the loop: their commands were held, their frames sampled from the robot's state at their own times.`);
  if (r.lateTicks > 0) lines.push(`${r.lateTicks} ticks ran more than half a period late.`);
  for (const g of r.gaps) lines.push(`Episode ${g.episode + 1} ended at ${g.atS.toFixed(2)} s: no state from the robot for ${(g.silentS * 1000).toFixed(0)} ms.`);
  return lines;
}

/** The session's result once it has ended. */
export function sessionSummary(session: RecordingSession, maxLatenessMs: number): RecordingSummary {
  return {
    episodes: session.saved,
    discarded: session.discarded,
    stopped: session.requests.stop,
    missedTicks: session.saved.reduce((a, e) => a + e.missedTicks, 0),
    lateTicks: session.saved.reduce((a, e) => a + e.lateTicks, 0),
    maxLatenessMs,
    error: session.error,
  };
}

/** Chains `work` after the saves in flight, so saves and take-backs run in order; `fail` gets its error. */
export function sessionTrack(session: RecordingSession, work: () => Promise<void>, fail: (e: unknown) => void): void {
  const previous = session.saving ?? Promise.resolve();
  const chained = previous.then(work).catch(fail);
  session.saving = chained;
  void chained.then(() => {
    if (session.saving === chained) session.saving = null;
    if (session.blocking === chained) session.blocking = null;
  });
}
