// Static shapes and the build-time checks on them. Every failure names the op and the shapes involved,
// because a shape error found at build time is a bug the user can fix before any data is touched.
import { ErrorCodes, PraxisError } from '../../../api';

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function fmt(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

export function shapeError(op: string, message: string, shapes: Record<string, Shape>): PraxisError {
  const listed = Object.entries(shapes)
    .map(([k, s]) => `${k}=${fmt(s)}`)
    .join(', ');
  return new PraxisError(
    ErrorCodes.GRAPH_SHAPE,
    `${op}: ${message} (${listed})`,
    'Check the shapes of the tensors passed to this op where the model is built.',
    { op, shapes: Object.fromEntries(Object.entries(shapes).map(([k, s]) => [k, [...s]])) },
  );
}

/** Numpy-style broadcasting of two shapes; throws a GRAPH_SHAPE error naming `op` when they do not broadcast. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw shapeError(op, 'shapes do not broadcast', { a, b });
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Normalise possibly-negative axes against a rank; throws naming `op` when an axis is out of range. */
export function normAxes(op: string, axes: readonly number[], rank: number, shape: Shape): number[] {
  const out = axes.map((ax) => (ax < 0 ? ax + rank : ax));
  for (let i = 0; i < out.length; i++) {
    if (out[i] < 0 || out[i] >= rank) throw shapeError(op, `axis ${axes[i]} is out of range for rank ${rank}`, { x: shape });
  }
  if (new Set(out).size !== out.length) throw shapeError(op, `repeated axes ${axes.join(',')}`, { x: shape });
  return out;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
