import { useCallback, useState } from 'react';
import { useStudio } from './context';
import { attempt, type Failure } from './failures';

/**
 * The one way a component calls the studio on the user's behalf. A failure is reported to the window's
 * failure log (the status bar) and kept here for an inline notice beside the control; the same action
 * succeeding later clears both. `run` resolves to undefined after a failure, so no caller needs a catch.
 */
export function useCall(): {
  run: <T>(action: string, call: () => Promise<T>) => Promise<T | undefined>;
  failure: Failure | null;
  clear: () => void;
} {
  const { failures } = useStudio();
  const [failure, setFailure] = useState<Failure | null>(null);
  const run = useCallback(
    async <T,>(action: string, call: () => Promise<T>): Promise<T | undefined> => {
      let failed = false;
      const value = await attempt(failures, action, call, (f) => {
        failed = true;
        setFailure(f);
      });
      if (!failed) setFailure((f) => (f?.action === action ? null : f));
      return value;
    },
    [failures],
  );
  const clear = useCallback(() => setFailure(null), []);
  return { run, failure, clear };
}
