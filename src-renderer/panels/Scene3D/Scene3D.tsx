import { useEffect, useRef, useState } from 'react';
import { PlanOverlay } from '../../scene/plan-overlay';
import { RobotView } from '../../scene/robot-view';
import { usePlan, usePreview, useReplay, useRobotSnapshot, useStudio } from '../../state/context';
import { useGoalGizmo } from '../Plan/use-goal-gizmo';
import { useLatest } from '../../state/use-stream';

/** The robot in 3D, redrawn on animation frames from the store's latest joint state. */
export function Scene3D() {
  const { api, robot, replay, preview, plan, failures } = useStudio();
  const [gizmoMode, setGizmoMode] = useState<'translate' | 'rotate'>('translate');
  const { description } = useRobotSnapshot();
  const { episode: replayEpisode, model: replayModel } = useReplay();
  const replaying = replayEpisode !== null;
  // A live robot is drawn as itself; with none connected, an open episode brings its own robot model.
  const shown = description ?? (replaying ? replayModel : null);
  const previewing = usePreview().prediction !== null;
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<RobotView | null>(null);

  useEffect(() => {
    if (!hostRef.current) return;
    const view = new RobotView(hostRef.current);
    viewRef.current = view;
    let raf = 0;
    const replayPose = new Float64Array(0);
    let overlay: PlanOverlay | null = null;
    const loop = () => {
      // An open episode takes over the view: the replay is a robot source with seek, the live arm keeps streaming to the plots.
      const pose = replay.active ? replay.pose(replayPose) : null;
      view.setJoints(pose ?? robot.position);
      view.setObjects(pose ? replay.objects() : robot.objects);
      view.setGhost(preview.ghost());
      // The plan's overlay follows the robot model shown (it needs its URDF for the ghost arm).
      const model = view.robotModel;
      if (overlay && overlay.urdf !== model.urdf) {
        view.removeOverlay(overlay.group);
        overlay.dispose();
        overlay = null;
      }
      if (!overlay && model.urdf) {
        overlay = new PlanOverlay(model.urdf, model.jointNames);
        view.addOverlay(overlay.group);
      }
      const p = plan.getSnapshot();
      overlay?.update(p.status, p.step);
      view.render();
      // Where the gizmo handle is on screen, for people's automation (and our e2e) to grab it.
      const xy = view.gizmoScreenPosition();
      const host = hostRef.current;
      if (host) host.dataset.gizmoXy = xy ? `${xy[0].toFixed(1)},${xy[1].toFixed(1)}` : '';
      // The plan ghost's tool position at the timeline step, for automation (and our e2e) to follow.
      const tool = overlay?.ghostTool(p.status, p.step);
      if (host) host.dataset.planGhost = tool ? tool.map((v) => v.toFixed(4)).join(',') : '';
      raf = requestAnimationFrame(loop);
    };
    raf = requestAnimationFrame(loop);
    return () => {
      cancelAnimationFrame(raf);
      overlay?.dispose();
      view.dispose();
      viewRef.current = null;
    };
  }, [robot, replay, preview, plan]);

  useEffect(() => {
    viewRef.current?.setRobot(shown);
  }, [shown]);

  // The end-effector gizmo: shown while the gizmo is the active teleop source (and no replay is open).
  const teleop = useLatest('teleop.status');
  const editingGoal = usePlan().editingGoal && !replaying && description !== null;
  useGoalGizmo(viewRef, editingGoal);
  const gizmoActive = teleop?.active === 'gizmo' && !replaying && description !== null && !editingGoal;
  useEffect(() => {
    const view = viewRef.current;
    if (!view || !gizmoActive) {
      view?.setGizmo(null);
      return;
    }
    let cancelled = false;
    let inFlight = false;
    let pending: { position: [number, number, number]; quaternion: [number, number, number, number] } | null = null;
    // One IK request at a time; drags in between collapse into the newest pose.
    const send = () => {
      if (inFlight || !pending) return;
      const pose = pending;
      pending = null;
      inFlight = true;
      api
        .call('teleop.gizmo', pose)
        .then((r) => view.setGizmoReachable(r.status === 'converged'))
        .catch(() => view.setGizmoReachable(false))
        .finally(() => {
          inFlight = false;
          send();
        });
    };
    api
      .call('teleop.toolPose', {})
      .then(({ pose }) => {
        if (cancelled || !pose) return;
        view.setGizmo(pose, (position, quaternion) => {
          pending = { position, quaternion };
          send();
        });
        view.setGizmoMode(gizmoMode);
      })
      .catch((e) => failures.report('Show the gizmo', e));
    return () => {
      cancelled = true;
      view.setGizmo(null);
    };
  }, [api, gizmoActive, gizmoMode, failures]);

  return (
    <div className="scene3d" data-testid="scene3d" ref={hostRef}>
      {!shown && <div className="scene3d__empty">Connect a robot, or open an episode, to see it here.</div>}
      {previewing && (
        <div className="scene3d__badge scene3d__badge--ghost" data-testid="ghost-badge">
          Prediction (blue ghost) · recorded pose (solid)
        </div>
      )}
      {gizmoActive && (
        <div className="scene3d__tools" role="toolbar" aria-label="Gizmo">
          <button type="button" className={gizmoMode === 'translate' ? 'on' : ''} onClick={() => setGizmoMode('translate')}>
            Move tool
          </button>
          <button type="button" className={gizmoMode === 'rotate' ? 'on' : ''} onClick={() => setGizmoMode('rotate')}>
            Turn tool
          </button>
        </div>
      )}
      {replaying && !previewing && (
        <div className="scene3d__badge" data-testid="replay-badge">
          Replay
        </div>
      )}
    </div>
  );
}
