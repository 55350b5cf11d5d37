// Several training steps in one session.run. onnxruntime-node copies every output of a run into a fresh
// JavaScript ArrayBuffer, pre-allocated outputs included (measured here: 0.4–0.8 ms per 1.6 MB output, i.e.
// per 400k parameters, for each of parameters, first and second moments). Chaining K copies of the step graph,
// each reading the state the previous copy wrote, pays that copy once per K steps; the math of each step is
// unchanged. Done on the emitted ModelProto: the step graph is renamed K times and wired end to end.
import onnxProto from 'onnx-proto';
import { bufferOut, FLAT_ROW, STEP_IO, type TrainStepGraph } from './train-step';

const { onnx } = onnxProto;
type NodeProto = InstanceType<typeof onnx.NodeProto>;
type ValueInfoProto = InstanceType<typeof onnx.ValueInfoProto>;
type TensorProto = InstanceType<typeof onnx.TensorProto>;

/** Name of a per-step input or output in the unrolled graph: step j (0-based) of the run. */
export const unrolledName = (name: string, j: number): string => `${name}@${j}`;

const INT64 = 7;
const int64Tensor = (name: string, v: readonly number[]): TensorProto =>
  onnx.TensorProto.create({ name, dims: [v.length], dataType: INT64, rawData: new Uint8Array(BigInt64Array.from(v, (x) => BigInt(x)).buffer) });

/**
 * The step graph repeated `k` times. Parameters, moments and buffers flow from one copy to the next; each copy
 * has its own batch, random inputs, step number and learning rate (`name@j`) and its own loss terms, gradient
 * norm and finite flag (`name@j`). Only the last copy's state is a graph output, under the single-step names.
 * Copies after the first read each parameter as a piece of the previous flat vector (one Split pass), where the
 * first copy reads the views the trainer feeds.
 */
export function unrollTrainStep(step: TrainStepGraph, k: number): Uint8Array {
  const model = onnx.ModelProto.decode(step.model.bytes);
  const graph = model.graph as InstanceType<typeof onnx.GraphProto>;
  const initNames = new Set((graph.initializer ?? []).map((i) => i.name as string));
  // State input → the output that carries it to the next step.
  const carry = new Map<string, string>([
    [STEP_IO.params, STEP_IO.paramsOut],
    [STEP_IO.m, STEP_IO.mOut],
    [STEP_IO.v, STEP_IO.vOut],
    ...step.bufferNames.map((b): [string, string] => [b, bufferOut(b)]),
  ]);
  const stateOutputs = new Set(carry.values());
  const views = new Set(step.slots.map((s) => s.name));
  const inputs = graph.input as ValueInfoProto[];
  const perStepInputs = inputs.filter((i) => !carry.has(i.name as string) && !views.has(i.name as string));

  const initializers = [...(graph.initializer as TensorProto[])];
  initializers.push(int64Tensor('__unroll/flat', [step.totalSize]));
  const pieces: { name: string | null; size: number }[] = [];
  for (const s of step.slots) {
    pieces.push({ name: s.name, size: s.size });
    const pad = Math.ceil(s.size / FLAT_ROW) * FLAT_ROW - s.size;
    if (pad > 0) pieces.push({ name: null, size: pad });
  }
  initializers.push(int64Tensor('__unroll/split', pieces.map((p) => p.size)));
  for (const s of step.slots) initializers.push(int64Tensor(`__unroll/shape/${s.name}`, s.shape));

  const nodes: NodeProto[] = [];
  const outputs: ValueInfoProto[] = [];
  for (let j = 0; j < k; j++) {
    const last = j === k - 1;
    const rename = (name: string): string => {
      if (!name || initNames.has(name)) return name;
      if (last && stateOutputs.has(name)) return name;
      const from = carry.get(name);
      if (from !== undefined) return j === 0 ? name : unrolledName(from, j - 1);
      if (views.has(name)) return j === 0 ? name : unrolledName(`__unroll/view/${name}`, j);
      return unrolledName(name, j);
    };
    if (j > 0) {
      const flat = unrolledName('__unroll/flat', j);
      nodes.push(onnx.NodeProto.create({ opType: 'Reshape', name: unrolledName('__unroll/flatten', j), input: [unrolledName(STEP_IO.paramsOut, j - 1), '__unroll/flat'], output: [flat] }));
      nodes.push(
        onnx.NodeProto.create({
          opType: 'Split',
          name: unrolledName('__unroll/split', j),
          input: [flat, '__unroll/split'],
          output: pieces.map((p, i) => unrolledName(p.name ? `__unroll/piece/${p.name}` : `__unroll/pad${i}`, j)),
          attribute: [onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 })],
        }),
      );
      for (const s of step.slots) {
        nodes.push(
          onnx.NodeProto.create({
            opType: 'Reshape',
            name: unrolledName(`__unroll/view/${s.name}`, j),
            input: [unrolledName(`__unroll/piece/${s.name}`, j), `__unroll/shape/${s.name}`],
            output: [unrolledName(`__unroll/view/${s.name}`, j)],
          }),
        );
      }
    }
    (graph.node as NodeProto[]).forEach((n, i) => {
      nodes.push(onnx.NodeProto.create({ ...n, name: unrolledName(n.name || `__unnamed${i}`, j), input: (n.input ?? []).map(rename), output: (n.output ?? []).map(rename) }));
    });
    for (const o of graph.output as ValueInfoProto[]) {
      if (!stateOutputs.has(o.name as string)) outputs.push(onnx.ValueInfoProto.create({ ...o, name: unrolledName(o.name as string, j) }));
      else if (last) outputs.push(o);
    }
  }
  const unrolledInputs = [
    ...inputs.filter((i) => !perStepInputs.includes(i)),
    ...Array.from({ length: k }, (_, j) => perStepInputs.map((i) => onnx.ValueInfoProto.create({ ...i, name: unrolledName(i.name as string, j) }))).flat(),
  ];
  const out = onnx.ModelProto.create({
    ...model,
    graph: onnx.GraphProto.create({ ...graph, name: `${graph.name}×${k}`, node: nodes, initializer: initializers, input: unrolledInputs, output: outputs }),
  });
  return onnx.ModelProto.encode(out).finish();
}
