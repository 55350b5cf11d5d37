import type { PraxisErrorData } from '../../api';
import type { LinkState, RobotLink } from '../link';

// What the robot tests wait for: a link's own events, never a nap. On a busy machine an event comes
// late, not never, so a wait on it holds where a sleep of any length may not.

/** A clock the test turns by hand, in seconds: servo motion and speed caps then follow the test, not the machine. */
export function manualClock(start = 1) {
  let now = start;
  return { now: () => now, advance: (seconds: number) => (now += seconds) };
}

/** Resolves when the link reaches `state` (at once if it is there). */
export function linkReaches(link: RobotLink, state: LinkState): Promise<void> {
  return new Promise((done) => {
    if (link.state === state) return done();
    const off = link.onState((s) => {
      if (s !== state) return;
      off();
      done();
    });
  });
}

/** Resolves with the first error of `code` the link reports from now on. */
export function linkReports(link: RobotLink, code: string): Promise<PraxisErrorData> {
  return new Promise((done) => {
    const off = link.onError((e) => {
      if (e.code !== code) return;
      off();
      done(e);
    });
  });
}

/** Resolves once the link has published `count` more polled joint states. */
export function polledStates(link: RobotLink, count: number): Promise<void> {
  return new Promise((done) => {
    let seen = 0;
    const off = link.onJointState(() => {
      if (++seen < count) return;
      off();
      done();
    });
  });
}

/**
 * Wraps a port opener so a test can wait for refused opens (a reconnect attempt while the cable is
 * out): `refused(n)` resolves once n opens have failed since it was called.
 */
export function countingOpener<T>(open: () => Promise<T>) {
  let failures = 0;
  const waiters = new Set<{ at: number; done: () => void }>();
  return {
    open: async (): Promise<T> => {
      try {
        return await open();
      } catch (e) {
        failures++;
        for (const w of [...waiters]) {
          if (failures < w.at) continue;
          waiters.delete(w);
          w.done();
        }
        throw e;
      }
    },
    refused: (count: number): Promise<void> => new Promise((done) => waiters.add({ at: failures + count, done })),
  };
}
