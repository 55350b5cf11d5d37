// Test doubles for the recorder: a kinematic arm stepped in exact time (joints approach their targets
// first-order, a "cube" drifts in x), and an in-memory dataset that keeps every frame.
import type { RecordedFrame } from '../../dataset';
import type { EpisodeSink, RecordingDataset } from '../session';
import type { SteppedWorld } from '../recorder-robot';

export class KinematicWorld implements SteppedWorld {
  readonly joints = ['a', 'b', 'c'].map((name) => ({ name, lower: -1, upper: 1 }));
  readonly objectNames = ['cube'];
  readonly position = new Float64Array(3);
  readonly velocity = new Float64Array(3);
  readonly targets = new Float64Array(3);
  time = 0;
  cubeX = 0.2;
  resets = 0;
  /** Time constant of each joint, seconds. */
  constructor(readonly tau = 0.05) {}

  setTargets(positions: ArrayLike<number>, out = new Float64Array(3)): Float64Array {
    for (let j = 0; j < 3; j++) {
      this.targets[j] = Math.min(1, Math.max(-1, positions[j]));
      out[j] = this.targets[j];
    }
    return out;
  }

  stepFor(seconds: number): number {
    const k = 1 - Math.exp(-seconds / this.tau);
    for (let j = 0; j < 3; j++) {
      const before = this.position[j];
      this.position[j] += (this.targets[j] - before) * k;
      this.velocity[j] = (this.position[j] - before) / seconds;
    }
    this.cubeX += 0.01 * seconds;
    this.time += seconds;
    return 1;
  }

  sampleCreate() {
    return { position: new Float64Array(3), velocity: new Float64Array(3), objects: [{ name: 'cube', position: [0, 0, 0], quaternion: [1, 0, 0, 0] }] };
  }

  readStateInto(sample: ReturnType<KinematicWorld['sampleCreate']>) {
    sample.position.set(this.position);
    sample.velocity.set(this.velocity);
    sample.objects[0].position = [this.cubeX, 0, 0.015];
    return sample;
  }

  reset(): void {
    this.position.fill(0);
    this.velocity.fill(0);
    this.targets.fill(0);
    this.cubeX = 0.2;
    this.resets++;
  }
}

export interface MemoryEpisode {
  task: string;
  frames: { timestamp: number; state: number[]; action: number[]; images: string[] }[];
  state: 'recording' | 'saved' | 'discarded' | 'deleted';
}

/** A dataset in memory. `failAppendAt` / `failSave` inject the failures a disk can produce. */
export class MemoryDataset implements RecordingDataset {
  readonly episodes: MemoryEpisode[] = [];
  saved: MemoryEpisode[] = [];
  failAppendAt = -1;
  failSave = false;
  /** While set, save() waits for it: a slow disk that the test releases. */
  saveGate: Promise<void> | null = null;
  /** Called as each save() begins. */
  onSaveStarted: (() => void) | null = null;

  async deleteEpisode(index: number): Promise<void> {
    const [episode] = this.saved.splice(index, 1);
    if (!episode) throw new Error(`no episode ${index}`);
    episode.state = 'deleted';
  }

  async beginEpisode({ task }: { task: string }): Promise<EpisodeSink> {
    const episode: MemoryEpisode = { task, frames: [], state: 'recording' };
    this.episodes.push(episode);
    return {
      appendFrame: (frame: RecordedFrame) => {
        if (episode.state !== 'recording') throw new Error('episode closed');
        if (episode.frames.length === this.failAppendAt) throw new Error('disk full');
        episode.frames.push({ timestamp: frame.timestamp, state: Array.from(frame.state), action: Array.from(frame.action), images: Object.keys(frame.images ?? {}) });
      },
      save: async () => {
        this.onSaveStarted?.();
        if (this.saveGate) await this.saveGate;
        if (this.failSave) throw new Error('cannot write parquet');
        episode.state = 'saved';
        this.saved.push(episode);
        return { episodeIndex: this.saved.length - 1, frames: episode.frames.length };
      },
      discard: async () => {
        episode.state = 'discarded';
      },
    };
  }
}
