// When a virtual servo's reply would have finished arriving on a real half-duplex wire: the request's
// bytes at line rate (over a pty they arrive at once, so the time they would have taken is added unless
// they really trickled in), then Return_Delay_Time, then the reply's bytes; a reply never overtakes the
// one before it. Shared by the in-process bus (virtualServoBus.ts) and the responder thread.

import { wireSeconds } from '../../robot/transports';

export class WireClock {
  private burstStart = 0;
  private burstBytes = 0;
  private wireFreeAt = 0;

  /** Bytes of a request arrived at `t` seconds; `fresh` when no earlier request bytes are still pending. */
  heard(bytes: number, t: number, fresh: boolean): void {
    if (fresh) {
      this.burstStart = t;
      this.burstBytes = 0;
    }
    this.burstBytes += bytes;
  }

  /** Seconds (same clock as `heard`) at which a reply of `replyBytes`, computed at `t`, has crossed the wire. */
  replyDue(t: number, replyBytes: number, baud: number, returnDelaySeconds: number): number {
    const requestEnd = this.burstStart + wireSeconds(this.burstBytes, baud);
    const due = Math.max(t, requestEnd, this.wireFreeAt) + returnDelaySeconds + wireSeconds(replyBytes, baud);
    this.wireFreeAt = due;
    return due;
  }
}

/** The replies to one request follow each other back to back: one chunk, one write. */
export function repliesJoin(replies: readonly Uint8Array[]): Uint8Array {
  if (replies.length === 1) return replies[0];
  const bytes = new Uint8Array(replies.reduce((n, r) => n + r.length, 0));
  let o = 0;
  for (const r of replies) {
    bytes.set(r, o);
    o += r.length;
  }
  return bytes;
}
