import type { EpisodeData, ObjectPose, RobotDescription } from '../../src-main/api';

export interface ReplaySnapshot {
  episode: EpisodeData | null;
  /** Dataset the episode came from. */
  path: string | null;
  /** The robot to draw when no live robot is connected. */
  model: RobotDescription | null;
  frame: number;
  playing: boolean;
  speed: number;
}

/**
 * An episode replay: the recorded joint states as a seekable source. The 3D view shows the replay pose
 * while an episode is open; play advances the cursor on animation frames at the chosen speed.
 */
export class ReplayStore {
  private snapshot: ReplaySnapshot = { episode: null, path: null, model: null, frame: 0, playing: false, speed: 1 };
  private readonly listeners = new Set<() => void>();
  private raf = 0;
  private lastTick = 0;
  private playhead = 0;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ReplaySnapshot => this.snapshot;

  get active(): boolean {
    return this.snapshot.episode !== null;
  }

  get frames(): number {
    return this.snapshot.episode?.timestamps.length ?? 0;
  }

  load(path: string, episode: EpisodeData, model: RobotDescription | null = null): void {
    this.pause();
    this.patch({ episode, path, frame: 0, model: model ?? (this.snapshot.path === path ? this.snapshot.model : null) });
  }

  close(): void {
    this.pause();
    this.patch({ episode: null, path: null, model: null, frame: 0 });
  }

  seek(frame: number): void {
    const last = Math.max(0, this.frames - 1);
    const f = Math.min(last, Math.max(0, Math.round(frame)));
    this.playhead = f;
    if (f !== this.snapshot.frame) this.patch({ frame: f });
  }

  step(delta: number): void {
    this.pause();
    this.seek(this.snapshot.frame + delta);
  }

  setSpeed(speed: number): void {
    this.patch({ speed });
  }

  play(): void {
    if (!this.snapshot.episode || this.snapshot.playing) return;
    if (this.snapshot.frame >= this.frames - 1) this.seek(0);
    this.playhead = this.snapshot.frame;
    this.lastTick = performance.now();
    this.patch({ playing: true });
    const tick = (now: number) => {
      const ep = this.snapshot.episode;
      if (!ep || !this.snapshot.playing) return;
      this.playhead += ((now - this.lastTick) / 1000) * ep.fps * this.snapshot.speed;
      this.lastTick = now;
      if (this.playhead >= this.frames - 1) {
        this.seek(this.frames - 1);
        this.pause();
        return;
      }
      const f = Math.floor(this.playhead);
      if (f !== this.snapshot.frame) this.patch({ frame: f });
      this.raf = requestAnimationFrame(tick);
    };
    this.raf = requestAnimationFrame(tick);
  }

  pause(): void {
    cancelAnimationFrame(this.raf);
    if (this.snapshot.playing) this.patch({ playing: false });
  }

  /** Joint positions at the cursor, in the episode's state order. */
  pose(out?: Float64Array): Float64Array | null {
    const ep = this.snapshot.episode;
    if (!ep) return null;
    const w = ep.stateNames.length;
    const p = out && out.length === w ? out : new Float64Array(w);
    const base = this.snapshot.frame * w;
    for (let j = 0; j < w; j++) p[j] = ep.state[base + j];
    return p;
  }

  objects(): ObjectPose[] {
    const ep = this.snapshot.episode;
    if (!ep) return [];
    const f = this.snapshot.frame;
    return Object.entries(ep.objects).map(([name, s]) => ({
      name,
      position: [s[f * 7], s[f * 7 + 1], s[f * 7 + 2]],
      quaternion: [s[f * 7 + 3], s[f * 7 + 4], s[f * 7 + 5], s[f * 7 + 6]],
    }));
  }

  private patch(p: Partial<ReplaySnapshot>): void {
    this.snapshot = { ...this.snapshot, ...p };
    for (const l of this.listeners) l();
  }
}
