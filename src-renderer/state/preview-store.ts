import type { Prediction } from '../../src-main/api';

export interface PreviewSnapshot {
  prediction: Prediction | null;
  /** Which step ahead (0-based) the ghost shows. */
  step: number;
}

/** A world-model prediction shown as a ghost arm in 3D, stepped through one action block at a time. */
export class PreviewStore {
  private snapshot: PreviewSnapshot = { prediction: null, step: 0 };
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): PreviewSnapshot => this.snapshot;

  show(prediction: Prediction): void {
    this.set({ prediction, step: 0 });
  }

  clear(): void {
    this.set({ prediction: null, step: 0 });
  }

  setStep(step: number): void {
    const p = this.snapshot.prediction;
    if (!p) return;
    const k = p.jointError.length;
    this.set({ ...this.snapshot, step: Math.max(0, Math.min(k - 1, step)) });
  }

  /** Recorded frame the current step corresponds to. */
  frame(): number | null {
    const p = this.snapshot.prediction;
    return p ? p.startFrame + (this.snapshot.step + 1) * p.frameskip : null;
  }

  /** Predicted joint positions at the current step, in the prediction's joint order. */
  ghost(): number[] | null {
    const p = this.snapshot.prediction;
    if (!p) return null;
    const n = p.jointNames.length;
    return p.predicted.slice(this.snapshot.step * n, (this.snapshot.step + 1) * n);
  }

  private set(s: PreviewSnapshot): void {
    this.snapshot = s;
    for (const l of this.listeners) l();
  }
}
