import { useEffect, useMemo } from 'react';
import { isPanelId } from '../src-main/api';
import { createApi } from './api';
import { EstopBanner } from './EstopBanner';
import { JobsBar } from './JobsBar';
import { Layout } from './Layout';
import { PanelPicker } from './PanelPicker';
import { panels } from './panels';
import { TeleopKeys } from './panels/Teleop/TeleopKeys';
import { StatusBar } from './StatusBar';
import { StudioContext, useEstop } from './state/context';
import { EstopStore } from './state/estop-store';
import { attempt, FailureLog } from './state/failures';
import { PanelLayout } from './state/panel-layout';
import { PlanStore } from './state/plan-store';
import { PreviewStore } from './state/preview-store';
import { ReplayStore } from './state/replay-store';
import { RobotStore } from './state/robot-store';
import { TransportNotice } from './TransportNotice';

export function App() {
  const value = useMemo(() => {
    const api = createApi();
    const titles = Object.fromEntries(Object.entries(panels).map(([id, p]) => [id, p.title]));
    return {
      api,
      robot: new RobotStore(api),
      replay: new ReplayStore(),
      preview: new PreviewStore(),
      plan: new PlanStore(),
      failures: new FailureLog(),
      estop: new EstopStore(),
      layout: new PanelLayout(titles),
    };
  }, []);

  // The banner, the status bar and the key capture all read the e-stop from one store, fed by the studio.
  useEffect(() => {
    const { robot, estop } = value;
    const sync = () => estop.sync(robot.getSnapshot().status.estopped);
    sync();
    return robot.subscribe(sync);
  }, [value]);

  // The plan (goal, plan, execution) is drawn in the Plan panel and the 3D view: one subscription feeds both.
  useEffect(() => value.api.subscribe('plan.status', (s) => value.plan.update(s)), [value]);

  // Desktop: the View menu's Panels entries show (or reopen) a panel.
  useEffect(
    () =>
      window.praxisBridge?.onShowPanel?.((id) => {
        if (isPanelId(id)) value.layout.show(id);
      }),
    [value],
  );

  // Hands-on-robot shortcut: Esc is the e-stop, wherever focus is. It never releases.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      value.estop.cancelRelease();
      void attempt(value.failures, 'E-stop', () => value.api.call('robot.estop', {}));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [value]);

  return (
    <StudioContext.Provider value={value}>
      <Shell />
    </StudioContext.Provider>
  );
}

function Shell() {
  const { estopped } = useEstop();
  return (
    <div className={estopped ? 'app app--estopped' : 'app'}>
      <header className="titlebar">
        <span className="brand">Praxis Studio</span>
        <span className="grow" />
        <PanelPicker />
      </header>
      <EstopBanner />
      <main className="workspace">
        <Layout />
      </main>
      <JobsBar />
      <StatusBar />
      <TransportNotice />
      <TeleopKeys />
    </div>
  );
}
