// What the recorder tells the UI: its phase, a status snapshot, and events (phases, progress, saved
// and discarded episodes, warnings, errors). Plain data, so it crosses IPC and WebSocket as is.

import type { PraxisErrorData } from '../api';
import type { LoopStats } from './fixed-rate-loop';
import type { EpisodeGap } from './frame-schedule';
import type { RecordingSession, SessionReport } from './session';

export type RecorderPhase = 'idle' | 'teleop' | 'starting' | 'recording' | 'resetting' | 'finishing';

export interface RecorderStatus {
  phase: RecorderPhase;
  mode: 'realtime' | 'stepped';
  fps: number;
  task: string | null;
  /** Index of the current episode within the session (0-based), and how many were asked for. */
  episode: number;
  episodes: number;
  /** Frames recorded in the current episode. */
  frames: number;
  /** Seconds spent in the current phase, and how long it lasts (0 when open-ended). */
  elapsedS: number;
  durationS: number;
  /** Measured loop rate (realtime) or the nominal rate (stepped). */
  rateHz: number;
  missedTicks: number;
  /** Ticks more than half a period late, since the loop started. */
  lateTicks: number;
  maxLatenessMs: number;
  /** Longest tick's own work over the last second (realtime), ms. */
  maxTickMs: number;
  savedEpisodes: number;
  warning: string | null;
  /** What happened in the last finished session (frames, missed and late ticks, gaps), or null. */
  report: SessionReport | null;
}

export type RecorderEvent =
  | { type: 'phase'; phase: RecorderPhase; episode: number }
  | { type: 'progress'; status: RecorderStatus }
  | { type: 'episode-saved'; episode: number; datasetIndex: number | null; frames: number; finalizeMs: number; missedTicks: number; lateTicks: number; gap: EpisodeGap | null }
  | { type: 'episode-discarded'; episode: number; frames: number }
  | { type: 'warning'; code: 'LOOP_LATE' | 'NO_OBSERVATION'; message: string }
  | { type: 'error'; error: PraxisErrorData };

/** The status snapshot of a recorder: its phase, the session's progress and the loop's health. */
export function recorderStatusOf(o: {
  phase: RecorderPhase;
  mode: 'realtime' | 'stepped';
  fps: number;
  session: RecordingSession | null;
  /** Session time of the latest tick. */
  now: number;
  loop: LoopStats | null;
  warning: string | null;
  report: SessionReport | null;
}): RecorderStatus {
  const s = o.session;
  return {
    phase: o.phase,
    mode: o.mode,
    fps: o.fps,
    task: s?.plan.task ?? null,
    episode: s?.index ?? 0,
    episodes: s?.plan.episodes ?? 0,
    frames: s?.frames ?? 0,
    elapsedS: s ? Math.max(0, o.now - s.phaseStartT) : 0,
    durationS: o.phase === 'recording' ? (s?.plan.episodeSeconds ?? 0) : o.phase === 'resetting' ? (s?.plan.resetSeconds ?? 0) : 0,
    rateHz: o.loop ? o.loop.rateHz : o.fps,
    missedTicks: o.loop?.missed ?? 0,
    lateTicks: o.loop?.late ?? 0,
    maxLatenessMs: (o.loop?.maxLatenessS ?? 0) * 1000,
    maxTickMs: (o.loop?.maxTickS ?? 0) * 1000,
    savedEpisodes: s?.saved.length ?? 0,
    warning: o.warning,
    report: o.report,
  };
}
