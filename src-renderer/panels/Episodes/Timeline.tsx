import { useEffect } from 'react';
import { useReplay, useStudio } from '../../state/context';

const SPEEDS = [0.25, 0.5, 1, 2, 4];

/** Play/pause, speed, a scrubber, and frame stepping with the arrow keys. */
export function Timeline() {
  const { replay } = useStudio();
  const { episode, frame, playing, speed } = useReplay();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!replay.active) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' && (target as HTMLInputElement).type === 'text')) return;
      if (target?.tagName === 'TEXTAREA' || target?.closest('.monaco-editor')) return;
      if (e.key === 'ArrowRight') replay.step(e.shiftKey ? 10 : 1);
      else if (e.key === 'ArrowLeft') replay.step(e.shiftKey ? -10 : -1);
      else if (e.key === ' ' && target?.tagName !== 'BUTTON') replay.getSnapshot().playing ? replay.pause() : replay.play();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [replay]);

  if (!episode) return null;
  const frames = episode.timestamps.length;
  const t = episode.timestamps[frame] ?? 0;
  return (
    <div className="timeline">
      <button type="button" onClick={() => (playing ? replay.pause() : replay.play())} aria-label={playing ? 'Pause' : 'Play'}>
        {playing ? '❚❚' : '▶'}
      </button>
      <button type="button" onClick={() => replay.step(-1)} aria-label="Previous frame" title="Previous frame (←)">
        ◀︎
      </button>
      <button type="button" onClick={() => replay.step(1)} aria-label="Next frame" title="Next frame (→)">
        ▶︎
      </button>
      <input
        type="range"
        className="timeline__scrub"
        aria-label="Timeline"
        data-testid="timeline"
        min={0}
        max={Math.max(0, frames - 1)}
        step={1}
        value={frame}
        onChange={(e) => {
          replay.pause();
          replay.seek(Number(e.target.value));
        }}
      />
      <span className="timeline__time" data-testid="timeline-time">
        {t.toFixed(2)} s · frame {frame + 1}/{frames}
      </span>
      <select aria-label="Speed" value={speed} onChange={(e) => replay.setSpeed(Number(e.target.value))}>
        {SPEEDS.map((s) => (
          <option key={s} value={s}>
            {s}×
          </option>
        ))}
      </select>
    </div>
  );
}
