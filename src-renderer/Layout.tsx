import { DockviewReact, type DockviewReadyEvent, type IDockviewPanelProps, themeDark } from 'dockview-react';
import 'dockview-react/dist/styles/dockview.css';
import { Suspense, useEffect } from 'react';
import { panels } from './panels';
import { useStudio } from './state/context';

const components = Object.fromEntries(
  Object.entries(panels).map(([id, { component: Panel }]) => [
    id,
    (_props: IDockviewPanelProps) => (
      <Suspense fallback={<div className="panel-empty">Loading…</div>}>
        <div className="panel-body" data-panel={id}>
          <Panel />
        </div>
      </Suspense>
    ),
  ]),
);

/** The dock of panels; the arrangement and the way back for closed panels live in the PanelLayout store. */
export function Layout() {
  const { layout } = useStudio();
  useEffect(() => () => layout.detach(), [layout]);
  const onReady = (event: DockviewReadyEvent) => layout.attach(event.api);
  return <DockviewReact className="layout" theme={themeDark} components={components} onReady={onReady} />;
}
