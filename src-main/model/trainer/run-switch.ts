// Pause, resume and cancel for a running job, checked by the loop between steps (a step is ~30 ms, so
// the loop answers within one step).

export class RunSwitch {
  private pausedFlag = false;
  private cancelledFlag = false;
  private wake: (() => void) | null = null;

  get paused(): boolean {
    return this.pausedFlag;
  }
  get cancelled(): boolean {
    return this.cancelledFlag;
  }

  pause(): void {
    this.pausedFlag = true;
  }

  resume(): void {
    this.pausedFlag = false;
    this.wake?.();
  }

  cancel(): void {
    this.cancelledFlag = true;
    this.wake?.();
  }

  /** Resolves at once unless paused; then when resumed or cancelled. */
  async waitWhilePaused(): Promise<void> {
    while (this.pausedFlag && !this.cancelledFlag) {
      await new Promise<void>((r) => {
        this.wake = r;
      });
      this.wake = null;
    }
  }
}
