import { useEffect, useMemo } from 'react';
import { createApi } from './api';
import { JobsBar } from './JobsBar';
import { Layout } from './Layout';
import { StudioContext } from './state/context';
import { PreviewStore } from './state/preview-store';
import { ReplayStore } from './state/replay-store';
import { RobotStore } from './state/robot-store';
import { TeleopKeys } from './panels/Teleop/TeleopKeys';
import { StatusBar } from './StatusBar';
import { TransportNotice } from './TransportNotice';

export function App() {
  const value = useMemo(() => {
    const api = createApi();
    return { api, robot: new RobotStore(api), replay: new ReplayStore(), preview: new PreviewStore() };
  }, []);

  // Hands-on-robot shortcut: Esc is the e-stop, wherever focus is.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') void value.api.call('robot.estop', {}).catch(() => undefined);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [value]);

  return (
    <StudioContext.Provider value={value}>
      <div className="app">
        <header className="titlebar">
          <span className="brand">Praxis Studio</span>
        </header>
        <main className="workspace">
          <Layout />
        </main>
        <JobsBar />
        <StatusBar />
        <TransportNotice />
        <TeleopKeys />
      </div>
    </StudioContext.Provider>
  );
}
