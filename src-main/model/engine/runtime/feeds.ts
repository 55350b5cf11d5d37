// Checking and wrapping the values a caller feeds a graph, so a wrong batch is a coded error naming the
// input, not an opaque onnxruntime failure.
import { ErrorCodes, PraxisError } from '../../../api';
import type { Tensor } from '../graph/ir';
import { ort, ortTensor } from './session';

export type FeedValue = Float32Array | Float64Array | BigInt64Array | Uint8Array | ort.Tensor;
export type Batch = Record<string, FeedValue>;

const ARRAY_OF = { float32: Float32Array, float64: Float64Array, int64: BigInt64Array, bool: Uint8Array } as const;

export function feedFor(t: Tensor, v: FeedValue | undefined): ort.Tensor {
  if (v === undefined) {
    throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `The batch has no value for input '${t.name}' [${t.shape.join(',')}]`, `Add '${t.name}' to the batch.`, { input: t.name });
  }
  if (v instanceof ort.Tensor) {
    if (v.type !== t.dtype) throw mismatch(t, `a ${v.type} tensor`);
    if (v.size !== t.size) throw mismatch(t, `${v.size} values`);
    return v;
  }
  if (!(v instanceof ARRAY_OF[t.dtype])) throw mismatch(t, `a ${v.constructor.name}`);
  if (v.length !== t.size) throw mismatch(t, `${v.length} values`);
  return ortTensor(t.dtype, v, t.shape);
}

function mismatch(t: Tensor, got: string): PraxisError {
  return new PraxisError(
    ErrorCodes.INVALID_ARGUMENT,
    `Input '${t.name}' expects ${t.size} ${t.dtype} values (shape [${t.shape.join(',')}]) but got ${got}`,
    'Check the batch size and the field shapes against the model configuration.',
    { input: t.name, shape: [...t.shape] },
  );
}
