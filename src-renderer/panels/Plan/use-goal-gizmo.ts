import { type RefObject, useEffect } from 'react';
import type { RobotView } from '../../scene/robot-view';
import { usePlan, useStudio } from '../../state/context';

/**
 * While the Plan panel edits the goal, the 3D gizmo is the goal's tool position: each drag sets an
 * end-effector goal (IK on the server; red when out of reach). One request in flight; drags in between
 * collapse into the newest.
 */
export function useGoalGizmo(viewRef: RefObject<RobotView | null>, enabled: boolean): void {
  const { api, plan, failures } = useStudio();
  const { editingGoal } = usePlan();
  const active = enabled && editingGoal;
  useEffect(() => {
    const view = viewRef.current;
    if (!view || !active) return;
    let cancelled = false;
    let inFlight = false;
    let pending: [number, number, number] | null = null;
    const send = () => {
      if (inFlight || !pending || cancelled) return;
      const position = pending;
      pending = null;
      inFlight = true;
      api
        .call('plan.setGoal', { goal: { kind: 'ee', position } })
        .then((s) => {
          plan.update(s);
          view.setGizmoReachable(true);
        })
        .catch(() => view.setGizmoReachable(false))
        .finally(() => {
          inFlight = false;
          send();
        });
    };
    const start = plan.getSnapshot().status?.goal?.tool;
    const place = (position: readonly number[]) =>
      view.setGizmo({ position }, (p) => {
        pending = p;
        send();
      });
    if (start) place(start);
    else
      api
        .call('teleop.toolPose', {})
        .then(({ pose }) => {
          if (!cancelled && pose) place(pose.position);
        })
        .catch((e) => failures.report('Show the goal gizmo', e));
    view.setGizmoMode('translate');
    return () => {
      cancelled = true;
      view.setGizmo(null);
    };
  }, [api, plan, failures, viewRef, active]);
}
