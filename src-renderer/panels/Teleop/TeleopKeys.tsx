import { useEffect, useRef } from 'react';
import { useStudio } from '../../state/context';
import { useLatest } from '../../state/use-stream';
import { keyboardCapture } from './keyboard-capture';

/** Keyboard teleop works wherever focus is in the window, not only while the Teleop panel is shown. */
export function TeleopKeys() {
  const { api, estop, failures } = useStudio();
  const status = useLatest('teleop.status');
  const codes = useRef<Set<string>>(new Set());
  codes.current = new Set(status?.keys.map((k) => k.code) ?? []);
  useEffect(
    () =>
      keyboardCapture(api, {
        codes: () => codes.current,
        blocked: () => (estop.getSnapshot().estopped ? 'the e-stop is engaged' : null),
        onIgnored: (code) => estop.keyIgnored(code),
        onError: (e) => failures.report('Keyboard teleop', e),
      }),
    [api, estop, failures],
  );
  return null;
}
