import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorCodes, type PraxisApi, PraxisError } from '../../../src-main/api';
import { keyboardCapture } from './keyboard-capture';

/** A key event as the window would dispatch it (Node has EventTarget but no KeyboardEvent). */
function key(type: 'keydown' | 'keyup', code: string): Event {
  return Object.assign(new Event(type, { cancelable: true }), { code });
}

function setup(options: { blocked?: () => string | null; refuse?: unknown } = {}) {
  const sent: string[][] = [];
  const api = {
    call: vi.fn(async (_method: string, params: { held: string[] }) => {
      sent.push(params.held);
      if (options.refuse && params.held.length > 0) throw options.refuse;
      return { ok: true };
    }),
  } as unknown as PraxisApi;
  const target = new EventTarget();
  const ignored: string[] = [];
  const errors: unknown[] = [];
  const stop = keyboardCapture(api, {
    codes: () => new Set(['KeyW', 'KeyS']),
    blocked: options.blocked ?? (() => null),
    onIgnored: (code, reason) => ignored.push(`${code}: ${reason}`),
    onError: (e) => errors.push(e),
    target,
  });
  return { sent, target, ignored, errors, stop };
}

describe('keyboard teleop capture', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the held set and renews it while the key is held', async () => {
    const { sent, target, stop } = setup();
    target.dispatchEvent(key('keydown', 'KeyW'));
    await vi.advanceTimersByTimeAsync(320);
    target.dispatchEvent(key('keyup', 'KeyW'));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([['KeyW'], ['KeyW'], ['KeyW'], []]);
    stop();
  });

  it('under the e-stop sends nothing and says which key was ignored and why', async () => {
    const { sent, target, ignored, stop } = setup({ blocked: () => 'the e-stop is engaged' });
    const e = key('keydown', 'KeyW');
    target.dispatchEvent(e);
    await vi.advanceTimersByTimeAsync(500);
    expect(sent).toEqual([]);
    expect(ignored).toEqual(['KeyW: the e-stop is engaged']);
    expect(e.defaultPrevented).toBe(true);
    target.dispatchEvent(key('keydown', 'KeyQ')); // not a teleop key: left alone
    expect(ignored).toHaveLength(1);
    stop();
  });

  it('lets go of held keys when the e-stop engages mid-press', async () => {
    let reason: string | null = null;
    const { sent, target, stop } = setup({ blocked: () => reason });
    target.dispatchEvent(key('keydown', 'KeyW'));
    reason = 'the e-stop is engaged';
    target.dispatchEvent(key('keydown', 'KeyS'));
    await vi.advanceTimersByTimeAsync(500);
    expect(sent).toEqual([['KeyW'], []]);
    stop();
  });

  it('reports a refused send once and stops renewing it', async () => {
    const refusal = new PraxisError(ErrorCodes.ESTOP, 'Key ignored: the e-stop is engaged.', 'Release the e-stop.');
    const { sent, target, errors, stop } = setup({ refuse: refusal });
    target.dispatchEvent(key('keydown', 'KeyW'));
    await vi.advanceTimersByTimeAsync(600);
    expect(errors).toEqual([refusal]);
    expect(sent).toEqual([['KeyW']]);
    stop();
  });
});
