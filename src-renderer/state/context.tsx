import { createContext, useContext, useSyncExternalStore } from 'react';
import type { PraxisApi } from '../../src-main/api';
import type { EstopSnapshot, EstopStore } from './estop-store';
import type { Failure, FailureLog } from './failures';
import type { PanelLayout } from './panel-layout';
import type { PlanSnapshot, PlanStore } from './plan-store';
import type { PreviewSnapshot, PreviewStore } from './preview-store';
import type { ReplaySnapshot, ReplayStore } from './replay-store';
import type { RobotSnapshot, RobotStore } from './robot-store';

export interface StudioContextValue {
  api: PraxisApi;
  robot: RobotStore;
  replay: ReplayStore;
  preview: PreviewStore;
  plan: PlanStore;
  /** Every failed call, for the status bar. */
  failures: FailureLog;
  estop: EstopStore;
  layout: PanelLayout;
}

export const StudioContext = createContext<StudioContextValue | null>(null);

export function useStudio(): StudioContextValue {
  const ctx = useContext(StudioContext);
  if (!ctx) throw new Error('useStudio outside <StudioContext.Provider>');
  return ctx;
}

export function useRobotSnapshot(): RobotSnapshot {
  const { robot } = useStudio();
  return useSyncExternalStore(robot.subscribe, robot.getSnapshot);
}

export function useReplay(): ReplaySnapshot {
  const { replay } = useStudio();
  return useSyncExternalStore(replay.subscribe, replay.getSnapshot);
}

export function usePreview(): PreviewSnapshot {
  const { preview } = useStudio();
  return useSyncExternalStore(preview.subscribe, preview.getSnapshot);
}

export function useFailures(): readonly Failure[] {
  const { failures } = useStudio();
  return useSyncExternalStore(failures.subscribe, failures.getSnapshot);
}

export function useEstop(): EstopSnapshot {
  const { estop } = useStudio();
  return useSyncExternalStore(estop.subscribe, estop.getSnapshot);
}

export function useOpenPanels(): ReadonlySet<string> {
  const { layout } = useStudio();
  return useSyncExternalStore(layout.subscribe, layout.getSnapshot);
}

export function usePlan(): PlanSnapshot {
  const { plan } = useStudio();
  return useSyncExternalStore(plan.subscribe, plan.getSnapshot);
}
