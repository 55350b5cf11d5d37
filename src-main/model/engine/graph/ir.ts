// The engine's graph in memory: symbolic tensors produced by nodes. Nodes are ONNX ops, plus two engine-only
// ops that vanish at emission: StopGradient (an identity autodiff does not cross) and ModeSelect (train vs eval).
import type { DType, FloatArray } from './dtype';
import type { Shape } from './shape';

export type AttrValue =
  | { kind: 'int'; v: number }
  | { kind: 'float'; v: number }
  | { kind: 'ints'; v: readonly number[] }
  | { kind: 'floats'; v: readonly number[] }
  | { kind: 'string'; v: string };

export const attr = {
  int: (v: number): AttrValue => ({ kind: 'int', v }),
  float: (v: number): AttrValue => ({ kind: 'float', v }),
  ints: (v: readonly number[]): AttrValue => ({ kind: 'ints', v }),
  floats: (v: readonly number[]): AttrValue => ({ kind: 'floats', v }),
  string: (v: string): AttrValue => ({ kind: 'string', v }),
};

/** How a tensor comes to exist. `random` inputs are filled by the trainer from its seed (dropout noise). */
export type TensorKind = 'input' | 'random' | 'param' | 'buffer' | 'const' | 'op';

export interface GraphNode {
  readonly op: string;
  readonly inputs: readonly (Tensor | null)[];
  readonly attrs: Readonly<Record<string, AttrValue>>;
  readonly outputs: Tensor[];
}

export class Tensor {
  constructor(
    readonly id: number,
    readonly name: string,
    readonly shape: Shape,
    readonly dtype: DType,
    readonly kind: TensorKind,
    /** The node producing this tensor (kind 'op' only) and which of its outputs it is. */
    readonly producer: GraphNode | null = null,
    readonly outputIndex = 0,
  ) {}

  get rank(): number {
    return this.shape.length;
  }

  get size(): number {
    let n = 1;
    for (const d of this.shape) n *= d;
    return n;
  }
}

export type ConstData = FloatArray | BigInt64Array | Uint8Array;

/** Which weight-decay / learning-rate treatment a parameter gets: by convention 'decay' and 'no_decay'. */
export type ParamGroup = string;

export interface ParamInfo {
  readonly tensor: Tensor;
  readonly group: ParamGroup;
  /** Initial values, generated from the seed at build time. */
  readonly init: FloatArray;
}

export interface BufferInfo {
  readonly tensor: Tensor;
  readonly init: FloatArray;
  /** The value the buffer takes after a training step (BatchNorm running stats), if any. */
  update: Tensor | null;
}
