import { useEffect, useRef, useState } from 'react';
import { panels } from './panels';
import { useOpenPanels, useStudio } from './state/context';

/** The Panels menu in the title bar: every panel, ticked when open; choosing a closed one brings it back. */
export function PanelPicker() {
  const { layout } = useStudio();
  const open = useOpenPanels();
  const [shown, setShown] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!shown) return;
    const away = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) setShown(false);
    };
    window.addEventListener('pointerdown', away);
    return () => window.removeEventListener('pointerdown', away);
  }, [shown]);
  return (
    <div className="panel-picker" ref={ref}>
      <button type="button" aria-haspopup="menu" aria-expanded={shown} onClick={() => setShown((s) => !s)}>
        Panels ▾
      </button>
      {shown && (
        <div className="panel-picker__menu" role="menu" aria-label="Panels">
          {Object.entries(panels).map(([id, p]) => (
            <button
              key={id}
              type="button"
              role="menuitemcheckbox"
              aria-checked={open.has(id)}
              onClick={() => {
                layout.show(id);
                setShown(false);
              }}
            >
              <span className="panel-picker__tick">{open.has(id) ? '✓' : ''}</span>
              {p.title}
              {!open.has(id) && <span className="muted"> (closed)</span>}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
