// The thin edge to onnxruntime-node: open a session on emitted bytes with a fixed thread count, and move
// typed arrays in and out as ORT tensors.
import * as ort from 'onnxruntime-node';
import { ErrorCodes, PraxisError } from '../../../api';
import type { DType } from '../graph/dtype';

export { ort };

export interface SessionOptions {
  /** Threads for one op; the bench pins this (and torch's) to the same number. Default 2. */
  threads?: number;
}

export async function openSession(bytes: Uint8Array, o: SessionOptions = {}): Promise<ort.InferenceSession> {
  try {
    return await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: o.threads ?? 2,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
  } catch (e) {
    throw new PraxisError(
      ErrorCodes.MODEL_INCOMPATIBLE,
      `onnxruntime refused the graph: ${e instanceof Error ? e.message : String(e)}`,
      'This is a bug in the graph builder or an op onnxruntime lacks for this element type; please report it.',
    );
  }
}

const ORT_TYPE: Record<DType, ort.Tensor.Type> = { float32: 'float32', float64: 'float64', int64: 'int64', bool: 'bool' };

export function ortTensor(dtype: DType, data: Float32Array | Float64Array | BigInt64Array | Uint8Array, shape: readonly number[]): ort.Tensor {
  return new ort.Tensor(ORT_TYPE[dtype], data as never, shape as number[]);
}

/** Read a scalar output as a number. */
export function scalarOf(t: ort.Tensor | undefined): number {
  if (!t) return Number.NaN;
  const d = t.data as ArrayLike<number | bigint | boolean>;
  return Number(d[0]);
}
