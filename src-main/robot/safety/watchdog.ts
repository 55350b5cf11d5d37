// Stops motion when the control loop stalls: if nobody kicks it within `timeoutMs` while armed, it fires
// once and disarms until the next kick.

export class Watchdog {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly timeoutMs: number,
    private readonly onStall: () => void,
  ) {}

  get armed(): boolean {
    return this.timer !== null;
  }

  kick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.onStall();
    }, this.timeoutMs);
  }

  disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
