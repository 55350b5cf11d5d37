import type { PraxisApi } from '../../../src-main/api';

/** How often held keys are re-sent: well inside the server's key lease (0.6 s), so a lost key-up stops motion quickly. */
const LEASE_RENEW_MS = 150;

/** The smallest event the capture reads: KeyboardEvent fits, and so does a plain object in a test. */
export interface KeyLike {
  code: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  target?: unknown;
  preventDefault(): void;
}

export interface KeyboardCaptureOptions {
  /** The teleop legend's key codes: only these are captured. */
  codes(): ReadonlySet<string>;
  /** Why keys cannot move the arm now (the e-stop), or null when they can. */
  blocked(): string | null;
  /** A legend key was pressed while blocked: it is not sent, and the user is told. */
  onIgnored(code: string, reason: string): void;
  /** A send the studio refused (not connected, e-stop engaged meanwhile…). */
  onError(error: unknown): void;
  /** Where key events come from; the window in the app. */
  target?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
}

function typing(e: KeyLike): boolean {
  const t = e.target as { tagName?: string; isContentEditable?: boolean; type?: string } | null | undefined;
  return !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || !!t.isContentEditable) && t.type !== 'range';
}

/**
 * Keyboard teleop from the browser. Held keys are sent as a set (not as down/up events), renewed while
 * held and cleared on blur, so a key-up lost to a focus change can never leave a joint driving.
 * Only keys of the teleop legend are captured; typing into fields is left alone. Under the e-stop a
 * key is not sent at all, and the user hears why instead of pressing into silence.
 */
export function keyboardCapture(api: PraxisApi, options: KeyboardCaptureOptions): () => void {
  const held = new Set<string>();
  const target = options.target ?? window;
  let timer: ReturnType<typeof setInterval> | null = null;
  const send = () =>
    void api.call('teleop.keys', { held: [...held] }).catch((e) => {
      // The studio refused (e.g. stopped meanwhile): stop renewing, so one refusal is reported once.
      held.clear();
      stopRenewing();
      options.onError(e);
    });
  const stopRenewing = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  const update = () => {
    send();
    if (held.size > 0 && !timer) timer = setInterval(send, LEASE_RENEW_MS);
    if (held.size === 0) stopRenewing();
  };
  const down = (ev: Event) => {
    const e = ev as unknown as KeyLike;
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey || !options.codes().has(e.code)) return;
    e.preventDefault();
    const reason = options.blocked();
    if (reason) {
      options.onIgnored(e.code, reason);
      if (held.size > 0) {
        held.clear();
        update();
      }
      return;
    }
    if (held.has(e.code)) return;
    held.add(e.code);
    update();
  };
  const up = (ev: Event) => {
    if (!held.delete((ev as unknown as KeyLike).code)) return;
    update();
  };
  const blur = () => {
    if (held.size === 0) return;
    held.clear();
    update();
  };
  target.addEventListener('keydown', down);
  target.addEventListener('keyup', up);
  target.addEventListener('blur', blur);
  return () => {
    target.removeEventListener('keydown', down);
    target.removeEventListener('keyup', up);
    target.removeEventListener('blur', blur);
    blur();
    stopRenewing();
  };
}
