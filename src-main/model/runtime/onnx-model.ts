// One ONNX model with a batch axis: a fixed batch (as Praxis exports them) is padded or split to fit, a
// symbolic one (as torch.onnx.export with dynamic axes writes) takes the whole call. The shapes the session
// declares are checked against what the card promises, so a model of the wrong size is a coded error at
// load time rather than a crash at the first call.
import * as ort from 'onnxruntime-node';
import { ErrorCodes, PraxisError } from '../../api';

export interface OnnxModelOptions {
  /** Threads for one op. Default 2 (the CPU this studio is sized for). */
  threads?: number;
}

export async function onnxSessionOpen(source: string | Uint8Array, what: string, o: OnnxModelOptions = {}): Promise<ort.InferenceSession> {
  try {
    const opts: ort.InferenceSession.SessionOptions = { intraOpNumThreads: o.threads ?? 2, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' };
    return typeof source === 'string' ? await ort.InferenceSession.create(source, opts) : await ort.InferenceSession.create(source, opts);
  } catch (e) {
    throw new PraxisError(
      ErrorCodes.MODEL_INCOMPATIBLE,
      `onnxruntime cannot load ${what}: ${e instanceof Error ? e.message : String(e)}`,
      'Check the file is a complete ONNX model (opset ≤ 21, float32), or export it again.',
      { model: what },
    );
  }
}

export class OnnxBatchModel {
  /** Rows one call takes; null when the batch axis is symbolic. */
  readonly batch: number | null;
  private readonly inputShapes: Map<string, readonly (number | string)[]>;

  constructor(
    readonly session: ort.InferenceSession,
    readonly what: string,
    /** Per input, its shape after the batch axis as the card says it must be. */
    readonly inputs: Record<string, readonly number[]>,
    readonly output: string,
    readonly outputRow: readonly number[],
  ) {
    this.inputShapes = new Map();
    const meta = session.inputMetadata as readonly ort.InferenceSession.ValueMetadata[];
    session.inputNames.forEach((n, i) => {
      const m = meta[i];
      this.inputShapes.set(n, m?.isTensor ? m.shape : []);
    });
    let batch: number | null | undefined;
    for (const [name, row] of Object.entries(inputs)) {
      const shape = this.inputShapes.get(name);
      if (!shape) throw this.incompatible(`it has no input '${name}' (its inputs: ${session.inputNames.join(', ')})`);
      if (shape.length > 0) {
        if (shape.length !== row.length + 1) throw this.incompatible(`input '${name}' has rank ${shape.length}, expected ${row.length + 1}`);
        row.forEach((d, i) => {
          const s = shape[i + 1];
          if (typeof s === 'number' && s !== d) throw this.incompatible(`input '${name}' axis ${i + 1} is ${s}, the card says ${d}`);
        });
        const b = typeof shape[0] === 'number' ? (shape[0] as number) : null;
        if (batch !== undefined && batch !== b) throw this.incompatible('its inputs disagree on the batch size');
        batch = b;
      }
    }
    if (!session.outputNames.includes(output)) throw this.incompatible(`it has no output '${output}' (its outputs: ${session.outputNames.join(', ')})`);
    this.batch = batch ?? null;
  }

  private incompatible(why: string): PraxisError {
    return new PraxisError(ErrorCodes.MODEL_INCOMPATIBLE, `${this.what} does not fit its model card: ${why}`, 'Use the card written with this model, or export the model again.', { model: this.what });
  }

  /** Run `rows` rows (inputs row-major, batch first); returns the output rows. */
  async run(rows: number, feeds: Record<string, Float32Array>): Promise<Float32Array> {
    const outWidth = this.outputRow.reduce((a, b) => a * b, 1);
    const out = new Float32Array(rows * outWidth);
    const chunk = this.batch ?? rows;
    const staging: Record<string, Float32Array> = {};
    for (let at = 0; at < rows; at += chunk) {
      const n = Math.min(chunk, rows - at);
      const tensors: Record<string, ort.Tensor> = {};
      for (const [name, row] of Object.entries(this.inputs)) {
        const w = row.reduce((a, b) => a * b, 1);
        let data = feeds[name].subarray(at * w, (at + n) * w);
        if (n < chunk) {
          // Pad a short last chunk by repeating its first row (finite values; the rows are discarded).
          staging[name] ??= new Float32Array(chunk * w);
          const s = staging[name];
          s.set(data);
          for (let r = n; r < chunk; r++) s.copyWithin(r * w, 0, w);
          data = s;
        }
        tensors[name] = new ort.Tensor('float32', data, [chunk, ...row]);
      }
      const res = await this.session.run(tensors);
      out.set((res[this.output].data as Float32Array).subarray(0, n * outWidth), at * outWidth);
    }
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
