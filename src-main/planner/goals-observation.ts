// The model's observation of a robot state, column by column as its card names them ("<joint>.pos",
// "<joint>.vel", "<object>.x" … "<object>.qz", as the recorder writes them). Looking columns up by
// name rather than position means a model trained on another layout is refused, not misread.
import { ErrorCodes, type ObjectPose, PraxisError } from '../api';

/** A robot state in plain units: radians, rad/s, metres. */
export interface RobotState {
  position: ArrayLike<number>;
  velocity: ArrayLike<number>;
  objects: readonly ObjectPose[];
}

const POSE_FIELDS = ['x', 'y', 'z', 'qw', 'qx', 'qy', 'qz'] as const;

/** How to read each observation column from a state: [kind, index, field]. */
export type ObservationColumn = { kind: 'pos'; joint: number } | { kind: 'vel'; joint: number } | { kind: 'object'; object: string; field: number };

export function observationColumns(obsNames: readonly string[], jointNames: readonly string[]): ObservationColumn[] {
  return obsNames.map((name) => {
    const dot = name.lastIndexOf('.');
    const base = name.slice(0, dot);
    const field = name.slice(dot + 1);
    const joint = jointNames.indexOf(base);
    if (joint >= 0 && (field === 'pos' || field === 'vel')) return { kind: field, joint };
    const f = POSE_FIELDS.indexOf(field as (typeof POSE_FIELDS)[number]);
    if (dot > 0 && f >= 0 && joint < 0) return { kind: 'object', object: base, field: f };
    throw new PraxisError(
      ErrorCodes.MODEL_INCOMPATIBLE,
      `The model observes "${name}", which this robot does not have (joints: ${jointNames.join(', ')}).`,
      'Plan with a model trained on this robot, or train one on a dataset recorded with it.',
      { column: name },
    );
  });
}

/**
 * Fill `out` with the observation of `state`. An object the state lacks (a serial arm reports no cube) takes
 * its value from `unobserved` — the model's training mean, so the model sees a cube that never moves — and
 * without `unobserved` it is an error.
 */
export function observationOfState(columns: readonly ObservationColumn[], state: RobotState, out: Float32Array = new Float32Array(columns.length), unobserved?: ArrayLike<number>): Float32Array {
  for (let c = 0; c < columns.length; c++) {
    const col = columns[c];
    if (col.kind === 'pos') out[c] = state.position[col.joint];
    else if (col.kind === 'vel') out[c] = state.velocity[col.joint];
    else {
      const pose = state.objects.find((o) => o.name === col.object);
      if (!pose && unobserved) {
        out[c] = unobserved[c];
        continue;
      }
      if (!pose) {
        throw new PraxisError(ErrorCodes.MODEL_INCOMPATIBLE, `The model observes the ${col.object}, which this robot's scene does not report.`, 'Plan on the robot the model was trained with (the simulator reports the cube).');
      }
      out[c] = col.field < 3 ? pose.position[col.field] : pose.quaternion[col.field - 3];
    }
  }
  return out;
}

/** Index of a named object's x column, or -1 (the cube's x, y, z follow it). */
export function objectColumn(columns: readonly ObservationColumn[], object: string): number {
  return columns.findIndex((c) => c.kind === 'object' && c.object === object && c.field === 0);
}

/** Whether the state reports every object the model observes (else those columns are stand-ins). */
export function observesAllObjects(columns: readonly ObservationColumn[], state: RobotState): boolean {
  return columns.every((c) => c.kind !== 'object' || state.objects.some((o) => o.name === c.object));
}
