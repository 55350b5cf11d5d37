// Goals a user can give the planner, each turned into one goal observation the model encodes: joint
// targets; an end-effector position dragged with the 3D gizmo (IK → joints); a frame of a recorded
// episode; a target for the cube on the table. The arm at rest at the goal has zero joint velocity, and
// whatever the goal does not say (the cube, for an arm goal) stays as it is now.
import { ErrorCodes, type JointSpec, type GoalSpec, PraxisError, type ResolvedGoalData } from '../api';
import type { IkSolver } from '../kinematics';
import { objectColumn, type ObservationColumn, observationOfState, type RobotState } from './goals-observation';

/** The object a cube goal moves (the sim's scene has one). */
export const CUBE = 'cube';
/** Farther than this from an end-effector goal, IK's answer is not that goal: refuse rather than plan elsewhere. */
export const EE_GOAL_TOLERANCE_M = 0.02;

/** One recorded frame, as the dataset stores it (raw units, named columns). */
export interface RecordedFrame {
  stateNames: readonly string[];
  state: ArrayLike<number>;
}

export interface GoalWorld {
  joints: readonly JointSpec[];
  columns: readonly ObservationColumn[];
  /** The arm's kinematics, for end-effector goals and the tool position of a goal (null: none known). */
  ik: IkSolver | null;
  /** Read a frame of a recorded episode (the Episodes panel's datasets, or a path for the CLI). */
  episodeFrame?(dataset: string, episode: number, frame: number): Promise<RecordedFrame>;
  /** Stand-ins for objects the robot does not report (see observationOfState). */
  unobserved?: ArrayLike<number>;
}

/** One frame of an episode as the dataset service returns it. */
export function recordedFrameOf(episode: { stateNames: string[]; state: ArrayLike<number>; timestamps: ArrayLike<number> }, frame: number, where: string): RecordedFrame {
  const length = episode.timestamps.length;
  if (!(Number.isInteger(frame) && frame >= 0 && frame < length)) {
    throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `${where} has frames 0 to ${length - 1}; there is no frame ${frame}.`, 'Pick a frame inside the episode.');
  }
  const w = episode.stateNames.length;
  return { stateNames: episode.stateNames, state: Array.prototype.slice.call(episode.state, frame * w, (frame + 1) * w) as number[] };
}

export interface ResolvedGoal extends ResolvedGoalData {
  /** The goal observation in the model's columns, raw units. */
  observation: Float32Array;
}

/** Turn a goal into the observation the planner aims at, from the state the robot is in now. */
export async function goalResolve(goal: GoalSpec, now: RobotState, world: GoalWorld): Promise<ResolvedGoal> {
  const n = world.joints.length;
  let joints = Float64Array.from({ length: n }, (_, j) => now.position[j]);
  let ik: ResolvedGoalData['ik'] = null;
  let recorded: RecordedFrame | null = null;
  if (goal.kind === 'joints') {
    if (goal.joints.length !== n) {
      throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `A joint goal needs ${n} values (${world.joints.map((j) => j.name).join(', ')}), got ${goal.joints.length}.`, 'Give one target in radians per joint.');
    }
    goal.joints.forEach((v, j) => {
      jointInLimits(world.joints[j], v);
    });
    joints = Float64Array.from(goal.joints);
  } else if (goal.kind === 'ee') {
    if (!world.ik) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'This robot has no kinematic model, so an end-effector goal cannot be turned into joints.', 'Give joint targets instead.');
    const solve = world.ik.solve({ position: goal.position }, now.position);
    ik = { status: solve.status, positionError: solve.positionError };
    if (solve.positionError > EE_GOAL_TOLERANCE_M) {
      throw new PraxisError(
        ErrorCodes.INVALID_ARGUMENT,
        `The end-effector goal (${goal.position.map((v) => v.toFixed(3)).join(', ')}) m is out of reach: the closest pose is ${(solve.positionError * 100).toFixed(1)} cm away.`,
        'Drag the goal closer to the arm, inside its workspace.',
        { positionError: solve.positionError },
      );
    }
    joints = solve.positions.slice();
    world.joints.forEach((spec, j) => {
      joints[j] = Math.min(spec.upper, Math.max(spec.lower, joints[j]));
    });
  } else if (goal.kind === 'episode') {
    if (!world.episodeFrame) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'No datasets are available for an episode goal here.', 'Give joint or end-effector targets instead.');
    recorded = await world.episodeFrame(goal.dataset, goal.episode, goal.frame);
    joints = Float64Array.from(world.joints, (spec) => recordedValue(recorded as RecordedFrame, `${spec.name}.pos`, goal));
  }
  const atRest = { position: joints, velocity: new Float64Array(n), objects: now.objects };
  const observation = observationOfState(world.columns, atRest, undefined, world.unobserved);
  if (recorded) {
    // An episode frame is the whole goal: the cube where it was then, the arm as it was then.
    world.columns.forEach((col, c) => {
      if (col.kind === 'object') observation[c] = recordedValue(recorded as RecordedFrame, obsName(col), goal);
    });
  }
  const cubeAt = objectColumn(world.columns, CUBE);
  let cube: [number, number] | null = cubeAt >= 0 ? [observation[cubeAt], observation[cubeAt + 1]] : null;
  const cubeGoal = goal.cube;
  if (cubeGoal) {
    if (cubeAt < 0) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, 'The model does not observe a cube, so it cannot push one.', 'Plan an arm goal, or use a model trained with the cube (models/sim-arm).');
    observation[cubeAt] = cubeGoal[0];
    observation[cubeAt + 1] = cubeGoal[1];
    cube = [cubeGoal[0], cubeGoal[1]];
  }
  const tool = world.ik ? world.ik.forward(joints).position : null;
  return {
    goal,
    joints: Array.from(joints),
    tool: tool ? [tool[0], tool[1], tool[2]] : null,
    cube: goal.kind === 'cube' || goal.cube || goal.kind === 'episode' ? cube : null,
    ik,
    observation,
  };
}

function jointInLimits(spec: JointSpec, v: number): void {
  if (v < spec.lower - 1e-9 || v > spec.upper + 1e-9) {
    throw new PraxisError(
      ErrorCodes.INVALID_ARGUMENT,
      `The goal for ${spec.name} (${v.toFixed(3)} rad) is outside its limits [${spec.lower.toFixed(3)}, ${spec.upper.toFixed(3)}] rad.`,
      'Pick a goal inside the joint limits.',
    );
  }
}

function obsName(col: ObservationColumn): string {
  return col.kind === 'object' ? `${col.object}.${['x', 'y', 'z', 'qw', 'qx', 'qy', 'qz'][col.field]}` : '';
}

function recordedValue(frame: RecordedFrame, name: string, goal: GoalSpec): number {
  const i = frame.stateNames.indexOf(name);
  if (i < 0) {
    const where = goal.kind === 'episode' ? `${goal.dataset} episode ${goal.episode}` : 'the episode';
    throw new PraxisError(ErrorCodes.DATASET_INCOMPATIBLE, `${where} does not record "${name}", which the model needs for a goal.`, 'Pick an episode recorded with this robot (and the cube, in the simulator).');
  }
  return frame.state[i];
}
