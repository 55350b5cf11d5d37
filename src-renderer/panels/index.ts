import { type ComponentType, lazy } from 'react';

/** Every panel, registered once and loaded lazily. The layout refers to panels by these ids. */
export const panels: Record<string, { title: string; component: ComponentType }> = {
  connect: { title: 'Connect', component: lazy(() => import('./Connect')) },
  scene: { title: '3D Scene', component: lazy(() => import('./Scene3D')) },
  joints: { title: 'Joints', component: lazy(() => import('./Joints')) },
  teleop: { title: 'Teleop', component: lazy(() => import('./Teleop')) },
  calibrate: { title: 'Calibrate', component: lazy(() => import('./Calibrate')) },
  record: { title: 'Record', component: lazy(() => import('./Record')) },
  episodes: { title: 'Episodes', component: lazy(() => import('./Episodes')) },
  train: { title: 'Train', component: lazy(() => import('./Train')) },
  plan: { title: 'Plan', component: lazy(() => import('./Plan')) },
  editor: { title: 'Editor', component: lazy(() => import('./Editor')) },
};

export type PanelId = keyof typeof panels;
