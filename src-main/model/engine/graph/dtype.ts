// Element types the engine knows. float32 trains; float64 exists so gradient checks can use tight tolerances.

export type DType = 'float32' | 'float64' | 'int64' | 'bool';
export type FloatDType = 'float32' | 'float64';

/** ONNX TensorProto.DataType codes. */
export const OnnxDataType: Record<DType, number> = { float32: 1, float64: 11, int64: 7, bool: 9 };

export type TypedArrayOf<D extends DType> = D extends 'float32'
  ? Float32Array
  : D extends 'float64'
    ? Float64Array
    : D extends 'int64'
      ? BigInt64Array
      : Uint8Array;

export type FloatArray = Float32Array | Float64Array;

export function isFloat(d: DType): d is FloatDType {
  return d === 'float32' || d === 'float64';
}

export function floatArray(dtype: FloatDType, n: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

export function bytesPerElement(d: DType): number {
  return d === 'float64' || d === 'int64' ? 8 : d === 'float32' ? 4 : 1;
}
