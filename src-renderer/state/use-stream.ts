import { useEffect, useState } from 'react';
import type { StreamEvent, StreamName } from '../../src-main/api';
import { useStudio } from './context';

/** The latest event of a low-rate status stream (teleop, recorder), or null before the first. */
export function useLatest<S extends StreamName>(stream: S): StreamEvent<S> | null {
  const { api } = useStudio();
  const [value, setValue] = useState<StreamEvent<S> | null>(null);
  useEffect(() => api.subscribe(stream, (e) => setValue(e)), [api, stream]);
  return value;
}
