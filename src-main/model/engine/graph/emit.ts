// Emission of an ONNX ModelProto from the builder's graph: only what the requested outputs need, with the
// train/eval choice made here (ModeSelect) and StopGradient erased. Parameters become graph inputs (training)
// or initialisers holding given values (inference export).
import onnxProto from 'onnx-proto';
import { type DType, OnnxDataType } from './dtype';
import type { ConstData, GraphNode, Tensor } from './ir';
import type { GraphCore } from './core';

const { onnx } = onnxProto;

/** Opset 17: every op here exists in it, and it keeps exports loadable by older runtimes and onnx 1.12 tools. */
export const OPSET = 17;

export type Mode = 'train' | 'eval';

export interface EmitOptions {
  outputs: Record<string, Tensor>;
  mode: Mode;
  /** Leaves (parameters, buffers) given values become initialisers; the rest are graph inputs. */
  values?: Map<Tensor, ConstData>;
  /** Tensors to read from another tensor instead (a parameter read as a slice of the flat parameter vector). */
  substitute?: Map<Tensor, Tensor>;
  docString?: string;
}

export interface EmittedModel {
  bytes: Uint8Array;
  /** Graph inputs, in order, as the builder's tensors. */
  inputs: Tensor[];
  outputNames: string[];
}

const ATTR = onnx.AttributeProto.AttributeType;

export function emitModel(g: GraphCore, o: EmitOptions): EmittedModel {
  const sub = o.substitute ?? new Map<Tensor, Tensor>();
  const resolve = (t: Tensor): Tensor => {
    for (;;) {
      const s = sub.get(t);
      if (s) {
        t = s;
        continue;
      }
      const p = t.producer;
      if (p?.op === 'ModeSelect') t = p.inputs[o.mode === 'train' ? 0 : 1] as Tensor;
      else if (p?.op === 'StopGradient') t = p.inputs[0] as Tensor;
      else return t;
    }
  };

  // Collect the nodes the outputs need, in dependency order, without recursion (graphs can be deep).
  const order: GraphNode[] = [];
  const leaves: Tensor[] = [];
  const seenNode = new Set<GraphNode>();
  const seenLeaf = new Set<Tensor>();
  const stack: { t: Tensor; expanded: boolean }[] = Object.values(o.outputs).map((t) => ({ t: resolve(t), expanded: false }));
  while (stack.length) {
    const top = stack.pop() as { t: Tensor; expanded: boolean };
    const p = top.t.producer;
    if (!p) {
      if (!seenLeaf.has(top.t)) {
        seenLeaf.add(top.t);
        leaves.push(top.t);
      }
      continue;
    }
    if (seenNode.has(p)) continue;
    if (top.expanded) {
      seenNode.add(p);
      order.push(p);
      continue;
    }
    stack.push({ t: top.t, expanded: true });
    for (const i of p.inputs) if (i) stack.push({ t: resolve(i), expanded: false });
  }

  const names = new Map<Tensor, string>();
  const nameOf = (t: Tensor): string => {
    const r = resolve(t);
    const n = names.get(r);
    if (n) return n;
    const fresh = r.kind === 'op' ? `_t${r.id}` : r.kind === 'const' ? `_c${r.id}` : r.name;
    names.set(r, fresh);
    return fresh;
  };
  const nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  const outputInfos: ReturnType<typeof valueInfo>[] = [];
  const tailIdentities: InstanceType<typeof onnx.NodeProto>[] = [];
  for (const [outName, t] of Object.entries(o.outputs)) {
    const r = resolve(t);
    if (r.kind === 'op' && !names.has(r)) names.set(r, outName);
    else tailIdentities.push(onnx.NodeProto.create({ opType: 'Identity', input: [nameOf(r)], output: [outName], name: `out_${outName}` }));
    outputInfos.push(valueInfo(outName, r.dtype, r.shape));
  }

  const initializers: InstanceType<typeof onnx.TensorProto>[] = [];
  const scalarInit = (v: number, dtype: DType): string => {
    const name = `_k${dtype}_${v}`;
    if (!initializers.some((i) => i.name === name)) initializers.push(tensorProto(name, dtype, [], dtype === 'float64' ? Float64Array.of(v) : Float32Array.of(v)));
    return name;
  };
  const castNode = (input: string, output: string, to: number) =>
    onnx.NodeProto.create({ opType: 'Cast', input: [input], output: [output], attribute: [onnx.AttributeProto.create({ name: 'to', type: ATTR.INT, i: to })] });

  for (const n of order) {
    if (n.op === 'Gelu') {
      // The exact-GELU pattern ORT's GeluFusion recognises, so an inference export runs it as one fused kernel
      // (a training step's backward reuses the erf, which ORT then shares, so there it stays unfused).
      const x = nameOf(n.inputs[0] as Tensor);
      const dt = n.outputs[0].dtype;
      const id = n.outputs[0].id;
      const p = (k: string) => `_gelu${id}_${k}`;
      nodes.push(onnx.NodeProto.create({ opType: 'Mul', input: [x, scalarInit(Math.SQRT1_2, dt)], output: [p('s')] }));
      if (dt === 'float64') {
        nodes.push(castNode(p('s'), p('s32'), 1), onnx.NodeProto.create({ opType: 'Erf', input: [p('s32')], output: [p('e32')] }), castNode(p('e32'), p('e'), 11));
      } else nodes.push(onnx.NodeProto.create({ opType: 'Erf', input: [p('s')], output: [p('e')] }));
      nodes.push(onnx.NodeProto.create({ opType: 'Add', input: [p('e'), scalarInit(1, dt)], output: [p('a')] }));
      nodes.push(onnx.NodeProto.create({ opType: 'Mul', input: [x, p('a')], output: [p('m')] }));
      nodes.push(onnx.NodeProto.create({ opType: 'Mul', input: [p('m'), scalarInit(0.5, dt)], output: [nameOf(n.outputs[0])] }));
      continue;
    }
    if (n.op === 'Erf' && n.outputs[0].dtype === 'float64') {
      // ORT 1.30 has Erf for float only: compute it in float32 between two casts.
      const a = `_erf_in${n.outputs[0].id}`;
      const b = `_erf_out${n.outputs[0].id}`;
      nodes.push(onnx.NodeProto.create({ opType: 'Cast', input: [nameOf(n.inputs[0] as Tensor)], output: [a], attribute: [onnx.AttributeProto.create({ name: 'to', type: ATTR.INT, i: 1 })] }));
      nodes.push(onnx.NodeProto.create({ opType: 'Erf', input: [a], output: [b] }));
      nodes.push(onnx.NodeProto.create({ opType: 'Cast', input: [b], output: [nameOf(n.outputs[0])], attribute: [onnx.AttributeProto.create({ name: 'to', type: ATTR.INT, i: 11 })] }));
      continue;
    }
    nodes.push(
      onnx.NodeProto.create({
        opType: n.op,
        name: `${n.op}_${n.outputs[0].id}`,
        input: n.inputs.map((i) => (i ? nameOf(i) : '')),
        output: n.outputs.map((t) => nameOf(t)),
        attribute: Object.entries(n.attrs).map(([name, a]) => {
          switch (a.kind) {
            case 'int':
              return onnx.AttributeProto.create({ name, type: ATTR.INT, i: a.v });
            case 'float':
              return onnx.AttributeProto.create({ name, type: ATTR.FLOAT, f: a.v });
            case 'ints':
              return onnx.AttributeProto.create({ name, type: ATTR.INTS, ints: [...a.v] });
            case 'floats':
              return onnx.AttributeProto.create({ name, type: ATTR.FLOATS, floats: [...a.v] });
            default:
              return onnx.AttributeProto.create({ name, type: ATTR.STRING, s: new TextEncoder().encode(a.v) });
          }
        }),
      }),
    );
  }
  nodes.push(...tailIdentities);

  const inputs: Tensor[] = [];
  for (const t of leaves) {
    const data = t.kind === 'const' ? g.constants.get(t.id) : o.values?.get(t);
    if (data) initializers.push(tensorProto(nameOf(t), t.dtype, t.shape, data));
    else inputs.push(t);
  }
  inputs.sort((a, b) => a.id - b.id);

  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'praxis-studio',
    producerVersion: '0.1',
    docString: o.docString ?? '',
    opsetImport: [{ domain: '', version: OPSET }],
    graph: onnx.GraphProto.create({
      name: g.name,
      node: nodes,
      initializer: initializers,
      input: inputs.map((t) => valueInfo(nameOf(t), t.dtype, t.shape)),
      output: outputInfos,
    }),
  });
  return { bytes: onnx.ModelProto.encode(model).finish(), inputs, outputNames: Object.keys(o.outputs) };
}

function valueInfo(name: string, dtype: DType, shape: readonly number[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType: OnnxDataType[dtype], shape: { dim: shape.map((d) => ({ dimValue: d })) } } },
  });
}

function tensorProto(name: string, dtype: DType, shape: readonly number[], data: ConstData) {
  return onnx.TensorProto.create({
    name,
    dims: [...shape],
    dataType: OnnxDataType[dtype],
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  });
}
