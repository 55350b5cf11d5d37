import type { PraxisApi } from '../../../src-main/api';

/**
 * Poll the first connected gamepad (browser Gamepad API) and stream its axes and buttons at ~60 Hz.
 * A refused send goes to onError (the window's failure log counts repeats instead of flooding).
 */
export function gamepadPoll(api: PraxisApi, onName: (name: string | null) => void, onError: (e: unknown) => void): () => void {
  let raf = 0;
  let last = '';
  let name: string | null = null;
  const loop = () => {
    const pad = navigator.getGamepads?.().find((p) => p?.connected) ?? null;
    if ((pad?.id ?? null) !== name) {
      name = pad?.id ?? null;
      onName(name);
    }
    if (pad) {
      const axes = pad.axes.map((a) => Math.max(-1, Math.min(1, a)));
      const buttons = pad.buttons.map((b) => b.value);
      const key = `${axes.map((a) => a.toFixed(2)).join()}|${buttons.join()}`;
      // Re-send unchanged input too, a few times a second: the server treats silence as a stale pad.
      if (key !== last || performance.now() % 250 < 17) void api.call('teleop.gamepad', { axes, buttons }).catch(onError);
      last = key;
    }
    raf = requestAnimationFrame(loop);
  };
  raf = requestAnimationFrame(loop);
  return () => cancelAnimationFrame(raf);
}
