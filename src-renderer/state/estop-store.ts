/** What the e-stop banner shows besides the stop itself. */
export interface EstopSnapshot {
  estopped: boolean;
  /** The user asked to release and is being asked to confirm; release never happens on one click or key. */
  confirming: boolean;
  /** The last teleop key pressed while stopped, and how many were ignored since the stop. */
  ignored: { key: string; count: number } | null;
}

/**
 * The window's e-stop state for the banner, the status bar and teleop: engaged or not (from the studio's
 * robot status), the two-step release, and the keys that were ignored because of the stop.
 */
export class EstopStore {
  private snapshot: EstopSnapshot = { estopped: false, confirming: false, ignored: null };
  private readonly listeners = new Set<() => void>();

  /** The studio reported the e-stop state; a release (or a new stop) starts the notes afresh. */
  sync(estopped: boolean): void {
    if (estopped === this.snapshot.estopped) return;
    this.set({ estopped, confirming: false, ignored: null });
  }

  askRelease(): void {
    if (this.snapshot.estopped && !this.snapshot.confirming) this.set({ ...this.snapshot, confirming: true });
  }

  cancelRelease(): void {
    if (this.snapshot.confirming) this.set({ ...this.snapshot, confirming: false });
  }

  /** A key of the teleop legend was pressed while stopped: it moved nothing, and the banner says so. */
  keyIgnored(code: string): void {
    const key = code.replace(/^Key/, '').replace(/^Arrow/, '');
    this.set({ ...this.snapshot, ignored: { key, count: (this.snapshot.ignored?.count ?? 0) + 1 } });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): EstopSnapshot => this.snapshot;

  private set(next: EstopSnapshot): void {
    this.snapshot = next;
    for (const l of this.listeners) l();
  }
}
