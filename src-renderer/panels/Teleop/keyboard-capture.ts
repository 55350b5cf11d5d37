import type { PraxisApi } from '../../../src-main/api';

/** How often held keys are re-sent: well inside the server's key lease (0.6 s), so a lost key-up stops motion quickly. */
const LEASE_RENEW_MS = 150;

/**
 * Keyboard teleop from the browser. Held keys are sent as a set (not as down/up events), renewed while
 * held and cleared on blur, so a key-up lost to a focus change can never leave a joint driving.
 * Only keys of the teleop legend are captured; typing into fields is left alone.
 */
export function keyboardCapture(api: PraxisApi, codes: () => ReadonlySet<string>): () => void {
  const held = new Set<string>();
  let timer: ReturnType<typeof setInterval> | null = null;
  const send = () => void api.call('teleop.keys', { held: [...held] }).catch(() => undefined);
  const typing = (e: KeyboardEvent) => {
    const t = e.target as HTMLElement | null;
    return !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable) && (t as HTMLInputElement).type !== 'range';
  };
  const update = () => {
    send();
    if (held.size > 0 && !timer) timer = setInterval(send, LEASE_RENEW_MS);
    if (held.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
  const down = (e: KeyboardEvent) => {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey || !codes().has(e.code)) return;
    e.preventDefault();
    if (held.has(e.code)) return;
    held.add(e.code);
    update();
  };
  const up = (e: KeyboardEvent) => {
    if (!held.delete(e.code)) return;
    update();
  };
  const blur = () => {
    if (held.size === 0) return;
    held.clear();
    update();
  };
  window.addEventListener('keydown', down);
  window.addEventListener('keyup', up);
  window.addEventListener('blur', blur);
  return () => {
    window.removeEventListener('keydown', down);
    window.removeEventListener('keyup', up);
    window.removeEventListener('blur', blur);
    blur();
    if (timer) clearInterval(timer);
  };
}
