// Inverse kinematics by damped least squares (Wampler; Buss, "Introduction to inverse kinematics with
// Jacobian transpose, pseudoinverse and damped least squares methods", 2004):
//   Δq = Jᵀ (J Jᵀ + λ² I)⁻¹ e
// The damping keeps steps bounded near singularities and for unreachable targets, where the plain
// pseudoinverse blows up; clamping the task error per iteration keeps each step in the region where
// the linearisation holds. Joint limits: joints pinned at a limit that the step would push further
// are taken out of the Jacobian and the step is recomputed, so the others make up the motion.

import { ErrorCodes, PraxisError } from '../api';
import type { KinematicChain } from './chain';
import { type ChainPose, type ChainWorkspace, chainForward, chainJacobian, chainPoseCreate, chainWorkspaceCreate } from './forward';
import { PrioritizedStep } from './prioritized-step';
import { rotationError } from './rigid';

export interface IkTarget {
  /** Tool position in the chain's base frame, metres. */
  position: ArrayLike<number>;
  /** Tool orientation (row-major 3×3). Omit to solve for position only. */
  rotation?: ArrayLike<number>;
  /**
   * How the orientation competes with the position. 'shared' (default): one weighted least-squares
   * problem. 'secondary': the position is met first and the orientation uses only the motion left over,
   * so a 5-joint arm keeps its tool pitch while moving in a line (prioritized-step.ts).
   */
  orientation?: 'shared' | 'secondary';
}

export interface IkOptions {
  /** Default 100. A jog loop that starts from the last solution needs only a few. */
  maxIterations?: number;
  /** Metres. Default 1e-4 (0.1 mm). */
  positionTolerance?: number;
  /** Radians. Default 1e-3. */
  orientationTolerance?: number;
  /** λ, in metres of task error. Default 0.01. */
  damping?: number;
  /** Metres of position error worth one radian of orientation error. Default 0.1. */
  orientationWeight?: number;
  /** Largest task error (metres) one iteration tries to remove. Default 0.05. */
  maxTaskStep?: number;
}

/**
 * `converged`: within tolerance. `unreachable`: progress stopped with the target still out of reach
 * (out of the workspace, or blocked by joint limits); `positions` is the closest pose found.
 * `max-iterations`: still improving when the iteration budget ran out.
 */
export type IkStatus = 'converged' | 'unreachable' | 'max-iterations';

export interface IkResult {
  status: IkStatus;
  /** The robot's whole joint array: chain joints solved, the others copied from the seed. Always finite. */
  positions: Float64Array;
  /** Distance from the tool to the target, metres. */
  positionError: number;
  /** Angle between tool and target orientation, radians (0 when no orientation was asked for). */
  orientationError: number;
  iterations: number;
}

/** Damping of the secondary (orientation) task, radians. */
const SECONDARY_DAMPING = 0.05;
/** Largest rotation error one iteration of the secondary task tries to remove, radians. */
const SECONDARY_MAX_STEP = 0.3;

const DEFAULTS: Required<IkOptions> = {
  maxIterations: 100,
  positionTolerance: 1e-4,
  orientationTolerance: 1e-3,
  damping: 0.01,
  orientationWeight: 0.1,
  maxTaskStep: 0.05,
};

/** Relative error decrease below which an iteration counts as no progress. */
const STALL_RATIO = 1e-6;
const STALLS_TO_GIVE_UP = 3;

function badTarget(message: string): PraxisError {
  return new PraxisError(ErrorCodes.INVALID_ARGUMENT, `IK target: ${message}`, 'Send a finite position in metres (and a valid rotation), in the robot base frame.');
}

function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

/** An IK solver for one chain, owning its scratch memory (not re-entrant; make one per loop). */
export class IkSolver {
  readonly chain: KinematicChain;
  private readonly options: Required<IkOptions>;
  private readonly work: ChainWorkspace;
  private readonly pose: ChainPose = chainPoseCreate();
  private readonly jacobian: Float64Array;
  private readonly error = new Float64Array(6);
  private readonly gram = new Float64Array(36);
  private readonly solution = new Float64Array(6);
  private readonly step: Float64Array;
  private readonly frozen: Uint8Array;
  private readonly prioritized: PrioritizedStep;
  private readonly rotationStep = new Float64Array(3);

  constructor(chain: KinematicChain, options: IkOptions = {}) {
    this.chain = chain;
    this.options = { ...DEFAULTS, ...options };
    this.work = chainWorkspaceCreate(chain);
    this.jacobian = new Float64Array(6 * chain.movable.length);
    this.step = new Float64Array(chain.movable.length);
    this.frozen = new Uint8Array(chain.movable.length);
    this.prioritized = new PrioritizedStep(chain.movable.length);
  }

  /** Tool pose at `positions` (the robot's joint array). */
  forward(positions: ArrayLike<number>, out: ChainPose = chainPoseCreate()): ChainPose {
    return chainForward(this.chain, positions, out, this.work);
  }

  /**
   * Joint positions that put the tool at `target`, starting from `seed` (the robot's joint array, e.g.
   * the current targets, so the solution stays on the same branch). Bad input (non-finite numbers, wrong
   * lengths) throws INVALID_ARGUMENT; a target out of reach is a result, not an error.
   */
  solve(target: IkTarget, seed: ArrayLike<number>, out: Float64Array = new Float64Array(this.chain.jointCount)): IkResult {
    const { chain, options } = this;
    if (seed.length !== chain.jointCount) throw badTarget(`seed has ${seed.length} joints, the robot has ${chain.jointCount}`);
    if (target.position.length !== 3 || !allFinite(target.position)) throw badTarget('position must be three finite numbers');
    const rotation = target.rotation;
    if (rotation && (rotation.length !== 9 || !allFinite(rotation))) throw badTarget('rotation must be nine finite numbers (row-major 3×3)');
    for (let j = 0; j < seed.length; j++) {
      if (!Number.isFinite(seed[j])) throw badTarget(`seed joint ${j} is not finite`);
      out[j] = seed[j];
    }
    for (const j of chain.movable) out[j] = Math.min(chain.upper[j], Math.max(chain.lower[j], out[j]));

    const rows = rotation ? 6 : 3;
    // Secondary orientation: pursued until it stops improving, then the position is polished alone
    // (the damped null space lets a little of an unreachable orientation leak into the position).
    let secondary = rotation !== undefined && target.orientation === 'secondary';
    const bestEffort = secondary;
    const weight = options.orientationWeight;
    let best = Number.POSITIVE_INFINITY;
    let stalls = 0;
    let iterations = 0;
    let positionError = 0;
    let orientationError = 0;
    for (;;) {
      this.forward(out, this.pose);
      positionError = this.taskError(target.position, rotation);
      orientationError = rotation ? Math.hypot(this.error[3], this.error[4], this.error[5]) / weight : 0;
      const positionMet = positionError <= options.positionTolerance;
      if (positionMet && (orientationError <= options.orientationTolerance || (bestEffort && !secondary))) {
        return { status: 'converged', positions: out, positionError, orientationError, iterations };
      }
      const taskRows = bestEffort && !secondary ? 3 : rows;
      let sum = 0;
      for (let r = 0; r < taskRows; r++) sum += this.error[r] * this.error[r];
      const total = Math.sqrt(sum);
      if (total > best * (1 - STALL_RATIO)) stalls++;
      else stalls = 0;
      best = Math.min(best, total);
      if (stalls >= STALLS_TO_GIVE_UP) {
        if (secondary) {
          secondary = false;
          stalls = 0;
          best = Number.POSITIVE_INFINITY;
          continue;
        }
        return { status: bestEffort && positionMet ? 'converged' : 'unreachable', positions: out, positionError, orientationError, iterations };
      }
      if (iterations >= options.maxIterations) return { status: 'max-iterations', positions: out, positionError, orientationError, iterations };
      iterations++;
      chainJacobian(chain, this.pose, this.work, this.jacobian);
      if (secondary) {
        this.clampError(0, 3, options.maxTaskStep, 1);
        this.clampError(3, 6, SECONDARY_MAX_STEP, 1 / weight);
      } else {
        this.clampError(0, taskRows, options.maxTaskStep, 1);
        if (taskRows === 6) for (let i = 3 * chain.movable.length; i < 6 * chain.movable.length; i++) this.jacobian[i] *= weight;
      }
      this.stepWithinLimits(out, taskRows, secondary);
    }
  }

  /** Fills this.error with (position error, weighted rotation error); returns the position error norm. */
  private taskError(position: ArrayLike<number>, rotation: ArrayLike<number> | undefined): number {
    const e = this.error;
    e[0] = position[0] - this.pose.position[0];
    e[1] = position[1] - this.pose.position[1];
    e[2] = position[2] - this.pose.position[2];
    if (rotation) {
      rotationError(rotation, this.pose.rotation, e, 3);
      const w = this.options.orientationWeight;
      e[3] *= w;
      e[4] *= w;
      e[5] *= w;
    }
    return Math.hypot(e[0], e[1], e[2]);
  }

  /** Scales error rows [from, to) by `unit`, then shrinks them together to at most `limit`. */
  private clampError(from: number, to: number, limit: number, unit: number): void {
    let sum = 0;
    for (let r = from; r < to; r++) {
      this.error[r] *= unit;
      sum += this.error[r] * this.error[r];
    }
    const norm = Math.sqrt(sum);
    if (norm > limit) for (let r = from; r < to; r++) this.error[r] *= limit / norm;
  }

  /** One DLS step applied to `q`, dropping joints that sit at a limit the step pushes against. */
  private stepWithinLimits(q: Float64Array, rows: number, secondary: boolean): void {
    const { chain, frozen, step } = this;
    const n = chain.movable.length;
    frozen.fill(0);
    for (let pass = 0; pass <= n; pass++) {
      if (secondary) {
        for (let r = 0; r < 3; r++) this.rotationStep[r] = this.error[3 + r];
        this.prioritized.compute(this.jacobian, this.error, this.rotationStep, this.options.damping, SECONDARY_DAMPING, step);
      } else this.dlsStep(rows);
      let changed = false;
      for (let k = 0; k < n; k++) {
        if (frozen[k]) continue;
        const j = chain.movable[k];
        const atLower = q[j] <= chain.lower[j] + 1e-12 && step[k] < 0;
        const atUpper = q[j] >= chain.upper[j] - 1e-12 && step[k] > 0;
        if (atLower || atUpper) {
          frozen[k] = 1;
          for (let r = 0; r < 6; r++) this.jacobian[r * n + k] = 0;
          changed = true;
        }
      }
      if (!changed) break;
    }
    for (let k = 0; k < n; k++) {
      const j = chain.movable[k];
      q[j] = Math.min(chain.upper[j], Math.max(chain.lower[j], q[j] + (frozen[k] ? 0 : step[k])));
    }
  }

  /** step = Jᵀ (J Jᵀ + λ² I)⁻¹ e over the first `rows` task rows, by Cholesky (the matrix is SPD). */
  private dlsStep(rows: number): void {
    const { jacobian: J, gram: A, solution: y, error: e, step } = this;
    const n = this.chain.movable.length;
    const lambda2 = this.options.damping * this.options.damping;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c <= r; c++) {
        let s = r === c ? lambda2 : 0;
        for (let k = 0; k < n; k++) s += J[r * n + k] * J[c * n + k];
        A[r * 6 + c] = s;
      }
    }
    // In-place Cholesky: lower triangle of A becomes L with A = L Lᵀ.
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c <= r; c++) {
        let s = A[r * 6 + c];
        for (let k = 0; k < c; k++) s -= A[r * 6 + k] * A[c * 6 + k];
        A[r * 6 + c] = r === c ? Math.sqrt(Math.max(s, lambda2)) : s / A[c * 6 + c];
      }
    }
    for (let r = 0; r < rows; r++) {
      let s = e[r];
      for (let k = 0; k < r; k++) s -= A[r * 6 + k] * y[k];
      y[r] = s / A[r * 6 + r];
    }
    for (let r = rows - 1; r >= 0; r--) {
      let s = y[r];
      for (let k = r + 1; k < rows; k++) s -= A[k * 6 + r] * y[k];
      y[r] = s / A[r * 6 + r];
    }
    for (let k = 0; k < n; k++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += J[r * n + k] * y[r];
      step[k] = s;
    }
  }
}
