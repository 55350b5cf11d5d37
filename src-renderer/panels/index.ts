import { type ComponentType, lazy } from 'react';
import { PANEL_TITLES, type PanelId } from '../../src-main/api';

const components: Record<PanelId, ComponentType> = {
  connect: lazy(() => import('./Connect')),
  scene: lazy(() => import('./Scene3D')),
  joints: lazy(() => import('./Joints')),
  teleop: lazy(() => import('./Teleop')),
  calibrate: lazy(() => import('./Calibrate')),
  record: lazy(() => import('./Record')),
  episodes: lazy(() => import('./Episodes')),
  train: lazy(() => import('./Train')),
  plan: lazy(() => import('./Plan')),
  editor: lazy(() => import('./Editor')),
};

/**
 * Every panel, registered once and loaded lazily, titled from the api's list (which the desktop View
 * menu reads too). The layout refers to panels by these ids.
 */
export const panels: Record<string, { title: string; component: ComponentType }> = Object.fromEntries(
  (Object.keys(PANEL_TITLES) as PanelId[]).map((id) => [id, { title: PANEL_TITLES[id], component: components[id] }]),
);

export type { PanelId };
