import { DockviewReact, type DockviewReadyEvent, type IDockviewPanelProps, themeDark } from 'dockview-react';
import 'dockview-react/dist/styles/dockview.css';
import { Suspense } from 'react';
import { panels } from './panels';

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

/** The default arrangement: Connect on the left, the robot in 3D in the middle, joints on the right. */
function onReady(event: DockviewReadyEvent) {
  const { api } = event;
  api.addPanel({ id: 'scene', component: 'scene', title: panels.scene.title });
  api.addPanel({ id: 'connect', component: 'connect', title: panels.connect.title, position: { referencePanel: 'scene', direction: 'left' }, initialWidth: 340 });
  api.addPanel({ id: 'teleop', component: 'teleop', title: panels.teleop.title, position: { referencePanel: 'connect', direction: 'below' }, initialHeight: 440 });
  api.addPanel({ id: 'record', component: 'record', title: panels.record.title, position: { referencePanel: 'teleop', direction: 'within' }, inactive: true });
  api.addPanel({ id: 'calibrate', component: 'calibrate', title: panels.calibrate.title, position: { referencePanel: 'teleop', direction: 'within' }, inactive: true });
  api.addPanel({ id: 'episodes', component: 'episodes', title: panels.episodes.title, position: { referencePanel: 'scene', direction: 'below' }, initialHeight: 320 });
  api.addPanel({ id: 'editor', component: 'editor', title: panels.editor.title, position: { referencePanel: 'episodes', direction: 'within' }, inactive: true });
  api.addPanel({ id: 'joints', component: 'joints', title: panels.joints.title, position: { referencePanel: 'scene', direction: 'right' }, initialWidth: 440 });
  api.addPanel({ id: 'train', component: 'train', title: panels.train.title, position: { referencePanel: 'joints', direction: 'within' }, inactive: true });
}

export function Layout() {
  return <DockviewReact className="layout" theme={themeDark} components={components} onReady={onReady} />;
}
