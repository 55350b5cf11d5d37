// The 3D drag gizmo on the end effector: the renderer sends a tool pose, IK turns it into joint targets.
// The solve happens when the pose arrives (not at the tick), so the UI learns at once whether the pose
// is reachable and can colour the gizmo.

import { ErrorCodes, PraxisError } from '../api';
import { type IkSolver, type IkStatus, mat3FromQuaternion, quaternionFromMat3 } from '../kinematics';
import type { TeleopNotice, TeleopSource, TeleopTick } from './source';

export interface ToolPose {
  /** Metres, robot base frame. */
  position: readonly [number, number, number];
  /** Unit quaternion (w, x, y, z). Omit to leave the orientation free. */
  quaternion?: readonly [number, number, number, number];
}

export interface GizmoSolve {
  status: IkStatus;
  /** Metres between the pose asked for and the pose the joints reach. */
  positionError: number;
  /** Radians; 0 without a quaternion. */
  orientationError: number;
}

export class GizmoTeleop implements TeleopSource {
  readonly kind = 'gizmo';
  private readonly targets: Float64Array;
  private readonly seed: Float64Array;
  private hasTargets = false;
  private lastNotice: TeleopNotice | null = null;

  constructor(private readonly ik: IkSolver) {
    this.targets = new Float64Array(ik.chain.jointCount);
    this.seed = new Float64Array(ik.chain.jointCount);
  }

  /** Where the gizmo should be drawn now: the tool pose of the current targets. */
  pose(): ToolPose {
    const pose = this.ik.forward(this.targets);
    const q = quaternionFromMat3(pose.rotation);
    return { position: [pose.position[0], pose.position[1], pose.position[2]], quaternion: [q[0], q[1], q[2], q[3]] };
  }

  /**
   * Moves the tool to `pose` (as close as the arm can get). `orientation`: 'shared' (default) weighs the
   * orientation against the position; 'secondary' meets the position first and turns the tool only as
   * far as the remaining joints allow (a dragged gizmo whose orientation just rides along).
   */
  setPose(pose: ToolPose, orientation: 'shared' | 'secondary' = 'shared'): GizmoSolve {
    const q = pose.quaternion;
    if (q && !(q.every(Number.isFinite) && Math.hypot(...q) > 1e-9)) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'Gizmo: the orientation is not a valid quaternion.', 'Send a non-zero (w, x, y, z) quaternion, or none.');
    }
    const result = this.ik.solve({ position: pose.position, rotation: q ? mat3FromQuaternion(q) : undefined, orientation }, this.seed, this.targets);
    this.seed.set(result.positions);
    this.hasTargets = true;
    this.lastNotice = result.status === 'converged' ? null : { code: 'IK_UNREACHABLE', message: `The arm cannot reach that pose; it is ${(result.positionError * 1000).toFixed(0)} mm short.` };
    return { status: result.status, positionError: result.positionError, orientationError: result.orientationError };
  }

  activate(start: Float64Array): void {
    this.targets.set(start);
    this.seed.set(start);
    this.hasTargets = true;
    this.lastNotice = null;
  }

  deactivate(): void {}

  update(_tick: TeleopTick, out: Float64Array): void {
    if (this.hasTargets) out.set(this.targets);
  }

  notice(): TeleopNotice | null {
    return this.lastNotice;
  }
}
