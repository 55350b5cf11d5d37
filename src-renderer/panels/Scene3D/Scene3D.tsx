import { useEffect, useRef } from 'react';
import { RobotView } from '../../scene/robot-view';
import { useRobotSnapshot, useStudio } from '../../state/context';

/** The robot in 3D, redrawn on animation frames from the store's latest joint state. */
export function Scene3D() {
  const { robot } = useStudio();
  const { description } = useRobotSnapshot();
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<RobotView | null>(null);

  useEffect(() => {
    if (!hostRef.current) return;
    const view = new RobotView(hostRef.current);
    viewRef.current = view;
    let raf = 0;
    const loop = () => {
      view.setJoints(robot.position);
      view.setObjects(robot.objects);
      view.render();
      raf = requestAnimationFrame(loop);
    };
    raf = requestAnimationFrame(loop);
    return () => {
      cancelAnimationFrame(raf);
      view.dispose();
      viewRef.current = null;
    };
  }, [robot]);

  useEffect(() => {
    viewRef.current?.setRobot(description);
  }, [description]);

  return (
    <div className="scene3d" data-testid="scene3d" ref={hostRef}>
      {!description && <div className="scene3d__empty">Connect a robot to see it here.</div>}
    </div>
  );
}
