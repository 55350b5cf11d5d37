import { useEffect, useRef } from 'react';
import { useStudio } from '../../state/context';

/** A joint's tracking error (target − position), updated at animation-frame rate; far errors stand out. */
export function LiveTracking({ index }: { index: number }) {
  const { robot } = useStudio();
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let raf = 0;
    const loop = () => {
      const e = robot.trackingError[index] ?? 0;
      const el = ref.current;
      if (el) {
        el.textContent = `${e >= 0 ? '+' : '−'}${Math.abs(e).toFixed(3)}`;
        // Far by the gate's own measure (0.25 rad) is worth a glance even before it counts as blocked.
        el.className = Math.abs(e) > 0.25 ? 'warn' : 'muted';
      }
      raf = requestAnimationFrame(loop);
    };
    raf = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(raf);
  }, [robot, index]);
  return <span ref={ref} data-testid={`tracking-${index}`} />;
}
