// Inference export: any builder's graph in eval mode with given weights as initialisers. Weights are matched
// by parameter name, so a graph built again at another batch size (the planner's rollouts) takes the
// weights a trainer learnt, or a checkpoint's.
import { ErrorCodes, PraxisError } from '../../../api';
import type { GraphCore } from '../graph/core';
import type { FloatArray } from '../graph/dtype';
import { emitModel } from '../graph/emit';
import type { ConstData, Tensor } from '../graph/ir';

export interface ExportWeights {
  /** Parameter values by name; parameters not listed keep their initial values only if `allowInitial`. */
  params: Record<string, FloatArray | { data: FloatArray }>;
  /** Buffer values by name (running statistics); missing buffers keep their initial values. */
  buffers?: Record<string, FloatArray | { data: FloatArray }>;
  allowInitial?: boolean;
}

const dataOf = (v: FloatArray | { data: FloatArray }): FloatArray => ('data' in v && !ArrayBuffer.isView(v) ? v.data : (v as FloatArray));

/** A forward-only ONNX model of `outputs`, in eval mode, with the given weights as initialisers. */
export function exportInference(g: GraphCore, outputs: Record<string, Tensor>, w: ExportWeights, o: { docString?: string } = {}): Uint8Array {
  const values = new Map<Tensor, ConstData>();
  for (const p of g.params) {
    const given = w.params[p.tensor.name];
    if (!given && !w.allowInitial) {
      throw new PraxisError(ErrorCodes.CHECKPOINT_MISMATCH, `No weights for parameter '${p.tensor.name}' of graph '${g.name}'`, 'Export with the weights of the model this graph was built for.', {
        param: p.tensor.name,
      });
    }
    const data = given ? dataOf(given) : p.init;
    if (data.length !== p.tensor.size || (g.dtype === 'float32') !== data instanceof Float32Array) {
      throw new PraxisError(ErrorCodes.CHECKPOINT_MISMATCH, `Weights for '${p.tensor.name}' have ${data.length} values, the graph wants ${p.tensor.size} ${g.dtype}`, 'Export with the weights of the model this graph was built for.', {
        param: p.tensor.name,
      });
    }
    values.set(p.tensor, data);
  }
  for (const b of g.buffers) {
    const given = w.buffers?.[b.tensor.name];
    const data = given ? dataOf(given) : b.init;
    if (data.length !== b.tensor.size) throw new PraxisError(ErrorCodes.CHECKPOINT_MISMATCH, `Buffer '${b.tensor.name}' has ${data.length} values, the graph wants ${b.tensor.size}`);
    values.set(b.tensor, data);
  }
  return emitModel(g, { outputs, mode: 'eval', values, docString: o.docString ?? `inference graph of ${g.name}` }).bytes;
}
