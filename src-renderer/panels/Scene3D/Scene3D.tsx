import { useEffect, useRef } from 'react';
import { RobotView } from '../../scene/robot-view';
import { usePreview, useReplay, useRobotSnapshot, useStudio } from '../../state/context';

/** The robot in 3D, redrawn on animation frames from the store's latest joint state. */
export function Scene3D() {
  const { robot, replay, preview } = useStudio();
  const { description } = useRobotSnapshot();
  const replaying = useReplay().episode !== null;
  const previewing = usePreview().prediction !== null;
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<RobotView | null>(null);

  useEffect(() => {
    if (!hostRef.current) return;
    const view = new RobotView(hostRef.current);
    viewRef.current = view;
    let raf = 0;
    const replayPose = new Float64Array(0);
    const loop = () => {
      // An open episode takes over the view: the replay is a robot source with seek, the live arm keeps streaming to the plots.
      const pose = replay.active ? replay.pose(replayPose) : null;
      view.setJoints(pose ?? robot.position);
      view.setObjects(pose ? replay.objects() : robot.objects);
      view.setGhost(preview.ghost());
      view.render();
      raf = requestAnimationFrame(loop);
    };
    raf = requestAnimationFrame(loop);
    return () => {
      cancelAnimationFrame(raf);
      view.dispose();
      viewRef.current = null;
    };
  }, [robot, replay, preview]);

  useEffect(() => {
    viewRef.current?.setRobot(description);
  }, [description]);

  return (
    <div className="scene3d" data-testid="scene3d" ref={hostRef}>
      {!description && <div className="scene3d__empty">Connect a robot to see it here.</div>}
      {previewing && (
        <div className="scene3d__badge scene3d__badge--ghost" data-testid="ghost-badge">
          Prediction (blue ghost) · recorded pose (solid)
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
