// Fast rollouts for the planner: the whole unroll (H predictor steps over the sliding history window, the
// probe, the normalisation) as one ONNX model built from the model's weights.safetensors and card config
// (jepa/rollout-graph.ts), one ORT session per batch shape, opened on first use and kept. A batch of
// candidate plans is then one session call, with static shapes (no padding to the export batch).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { ErrorCodes, PraxisError } from '../../api';
import { decodeSafetensors } from '../engine';
import type { JepaConfig } from '../jepa/config';
import { exportRolloutModel } from '../jepa/export';
import { ROLLOUT_IO, type RolloutShape } from '../jepa/rollout-graph';
import { type ModelCard, WEIGHTS_FILE } from './model-card';
import { type OnnxModelOptions, onnxSessionOpen } from './onnx-model';

export interface FusedRolloutResult {
  /** [N, H, Z] */
  latents: Float32Array;
  /** [N, H, obsDim] raw units */
  observations: Float32Array;
}

function configOf(card: ModelCard): JepaConfig | null {
  const c = card.config as Partial<JepaConfig> | undefined;
  if (!c || typeof c !== 'object' || !c.predictor || !c.latentDim) return null;
  return { ...(c as JepaConfig), obsDim: card.dims.obsDim, actDim: card.dims.actDim, history: card.dims.history, frameskip: card.dims.frameskip };
}

export class FusedRollout {
  private readonly sessions = new Map<string, Promise<ort.InferenceSession>>();

  private constructor(
    readonly card: ModelCard,
    private readonly config: JepaConfig,
    private readonly weights: Record<string, Float32Array>,
    private readonly options: OnnxModelOptions,
  ) {}

  /** Open for a model folder; null when it has no weights or no recipe in its card (a model from elsewhere). */
  static async open(dir: string, card: ModelCard, o: OnnxModelOptions = {}): Promise<FusedRollout | null> {
    const config = configOf(card);
    if (!config || !card.hasProbe) return null;
    let bytes: Buffer;
    try {
      bytes = await readFile(join(dir, WEIGHTS_FILE));
    } catch {
      return null;
    }
    const { tensors } = decodeSafetensors(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), join(dir, WEIGHTS_FILE));
    const weights: Record<string, Float32Array> = {};
    for (const [name, t] of Object.entries(tensors)) {
      if (t.data instanceof Float32Array) weights[name] = t.data;
    }
    return new FusedRollout(card, config, weights, o);
  }

  private session(shape: RolloutShape): Promise<ort.InferenceSession> {
    const key = `${shape.count}x${shape.horizon}x${shape.context}`;
    let s = this.sessions.get(key);
    if (!s) {
      s = (async () => {
        const bytes = exportRolloutModel(this.config, this.card.normaliser, this.weights, shape);
        return onnxSessionOpen(bytes, `rollout ${key}`, this.options);
      })();
      this.sessions.set(key, s);
      s.catch(() => this.sessions.delete(key));
    }
    return s;
  }

  /**
   * Roll `count` candidates [count, horizon, blockDim] (raw) from a context shared by all: latents [c, Z]
   * and the c − 1 raw blocks between them [c − 1, blockDim].
   */
  async run(contextLatents: Float32Array, contextActions: Float32Array, candidates: Float32Array, count: number, horizon: number): Promise<FusedRolloutResult> {
    const Z = this.config.latentDim;
    const B = this.config.frameskip * this.config.actDim;
    const c = contextLatents.length / Z;
    if (!Number.isInteger(c) || c < 1 || c > this.config.history || contextActions.length !== (c - 1) * B || candidates.length !== count * horizon * B || count < 2) {
      throw new PraxisError(
        ErrorCodes.INVALID_ARGUMENT,
        `a fused rollout needs 1 to ${this.config.history} context latents of ${Z}, the blocks between them and at least 2 candidates of ${horizon} × ${B} values; got ${contextLatents.length}, ${contextActions.length} and ${candidates.length} values`,
        'Pass the context from encode() and whole action blocks.',
      );
    }
    const session = await this.session({ count, horizon, context: c });
    const lat = new Float32Array(count * c * Z);
    for (let n = 0; n < count; n++) lat.set(contextLatents, n * c * Z);
    const feeds: Record<string, ort.Tensor> = {
      [ROLLOUT_IO.contextLatents]: new ort.Tensor('float32', lat, [count, c, Z]),
      [ROLLOUT_IO.candidates]: new ort.Tensor('float32', candidates, [count, horizon, B]),
    };
    if (c > 1) {
      const acts = new Float32Array(count * (c - 1) * B);
      for (let n = 0; n < count; n++) acts.set(contextActions, n * (c - 1) * B);
      feeds[ROLLOUT_IO.contextActions] = new ort.Tensor('float32', acts, [count, c - 1, B]);
    }
    const out = await session.run(feeds);
    return { latents: out[ROLLOUT_IO.latents].data as Float32Array, observations: out[ROLLOUT_IO.observations].data as Float32Array };
  }

  async dispose(): Promise<void> {
    for (const s of this.sessions.values()) await (await s.catch(() => null))?.release();
    this.sessions.clear();
  }
}
