// Trained weights → the three inference ONNX models. Each inference graph names its parameters as the
// training graph does; a missing name means the configurations differ, which is a coded error.
import { ErrorCodes, PraxisError } from '../../api';
import { emitModel, type FloatArray, type GraphBuilder, type Tensor } from '../engine';
import type { JepaConfig } from './config';
import { buildInferenceGraphs, IO } from './jepa-graph';
import { buildRolloutGraph, ROLLOUT_IO, type RolloutNormaliser, type RolloutShape } from './rollout-graph';

export interface ExportBatch {
  encoder: number;
  predictor: number;
  probe: number;
}

export interface ExportedModels {
  encoder: Uint8Array;
  predictor: Uint8Array;
  probe: Uint8Array;
}

function emitWith(g: GraphBuilder, outputs: Record<string, Tensor>, values: Record<string, ArrayLike<number>>, doc: string): Uint8Array {
  const map = new Map<Tensor, FloatArray>();
  for (const leaf of [...g.params.map((p) => p.tensor), ...g.buffers.map((b) => b.tensor)]) {
    const v = values[leaf.name];
    if (!v || v.length !== leaf.size) {
      throw new PraxisError(
        ErrorCodes.CHECKPOINT_MISMATCH,
        `the trained weights have no ${leaf.size}-value tensor '${leaf.name}' for the ${g.name} graph`,
        'Export with the configuration the model was trained with (it is stored in the checkpoint).',
        { tensor: leaf.name },
      );
    }
    map.set(leaf, v instanceof Float32Array ? v : Float32Array.from(v));
  }
  return emitModel(g, { outputs, mode: 'eval', values: map, docString: doc }).bytes;
}

/** Emit encoder.onnx, predictor.onnx and probe.onnx from named weights (parameters and BatchNorm buffers). */
export function exportInferenceModels(c: JepaConfig, weights: Record<string, ArrayLike<number>>, batch: ExportBatch): ExportedModels {
  const gs = buildInferenceGraphs(c, batch);
  return {
    encoder: emitWith(gs.encoder.g, { [IO.encoderOut]: gs.encoder.out }, weights, 'Praxis JEPA encoder: normalised observation → latent'),
    predictor: emitWith(gs.predictor.g, { [IO.predictorOut]: gs.predictor.out }, weights, 'Praxis JEPA predictor: latents + action blocks → next latents'),
    probe: emitWith(gs.probe.g, { [IO.probeOut]: gs.probe.out }, weights, 'Praxis JEPA probe: latent → normalised observation'),
  };
}

/** Emit the fused rollout model (rollout-graph.ts) for one batch shape from the same named weights. */
export function exportRolloutModel(c: JepaConfig, norm: RolloutNormaliser, weights: Record<string, ArrayLike<number>>, shape: RolloutShape): Uint8Array {
  const r = buildRolloutGraph(c, norm, shape);
  return emitWith(r.g, { [ROLLOUT_IO.latents]: r.latents, [ROLLOUT_IO.observations]: r.observations }, weights, `Praxis JEPA rollout: ${shape.horizon} predictor steps + probe, batch ${shape.count}, context ${shape.context}`);
}
