// The JEPA as graphs: one training graph (encoder → projector → latents; action encoder + predictor →
// pred projector → next latents; prediction MSE + λ·SIGReg; a probe on stopped latents), and three inference
// graphs (encoder, predictor, probe) that reuse the same parameter names, so trained weights drop into them.
import { GraphBuilder, type Tensor } from '../engine';
import { type JepaConfig, subTrajectoryFrames } from './config';
import { encodeRows } from './encoders';
import { dense, projector, rowwise } from './layers';
import { encodeActions, predictLatents } from './predictor';
import { sigregLoss } from './sigreg';

/** Names of the graph inputs and of the exported models' inputs and outputs: the documented interface. */
export const IO = {
  obs: 'obs',
  actions: 'actions',
  directions: 'sigreg_directions',
  /** encoder.onnx: observation [N, obsDim] → latent [N, latentDim] */
  encoderIn: 'observation',
  encoderOut: 'latent',
  /** predictor.onnx: latents [N, H, Z], actions [N, H, frameskip·actDim] → predicted [N, H, Z] */
  predictorLatents: 'latents',
  predictorActions: 'actions',
  predictorOut: 'predicted',
  /** probe.onnx: latent [N, Z] → observation [N, obsDim] */
  probeIn: 'latent',
  probeOut: 'observation',
} as const;

export const LOSS = { pred: 'pred', sigreg: 'sigreg', probe: 'probe' } as const;

/**
 * Parameter prefixes that stay fixed when only the dynamics are trained: the observation → latent map (encoder
 * and projector) and its inverse (the probe). The action encoder, predictor and its projector learn.
 */
export const LATENT_SPACE_PREFIXES = ['encoder.', 'projector.', 'probe.'] as const;

/** Latents of observation rows [N, obsDim]: encoder, then projector (frozen: BatchNorm on its running statistics). */
export function encodeObservations(g: GraphBuilder, rows: Tensor, c: JepaConfig, frozen = false): Tensor {
  return projector(g, encodeRows(g, rows, c.encoder), c.projectorHidden, c.latentDim, 'projector', frozen);
}

/**
 * Next latents from latents [N, T, Z] and raw action blocks [N, T, blockDim]: predictor, then its projector.
 * `frozenBatchNorm` (a dynamics-only fine-tune): the projector's BatchNorm normalises with the base model's
 * running statistics and leaves them alone. Re-estimating them from a few fine-tune batches moved the
 * exported model more than any weight did: sim-arm fine-tuned at lr 1e-6 for 10 steps went from 0.015 to
 * 0.097 rad k=1 error on fresh sim data; with them frozen it stays at 0.015.
 */
export function predictNext(g: GraphBuilder, latents: Tensor, blocks: Tensor, c: JepaConfig, frozenBatchNorm = false): Tensor {
  const pred = projector(g, predictLatents(g, latents, encodeActions(g, blocks, c), c), c.projectorHidden, c.latentDim, 'pred_proj', frozenBatchNorm);
  return c.residual ? g.add(latents, pred) : pred;
}

/** The probe: latent rows back to normalised observation rows. */
export function probeDecode(g: GraphBuilder, latents: Tensor, c: JepaConfig): Tensor {
  return rowwise(g, latents, (r) => {
    const h = g.gelu(dense(g, g.gelu(dense(g, r, c.probeHidden, 'probe.fc1')), c.probeHidden, 'probe.fc2'));
    return dense(g, h, c.obsDim, 'probe.out');
  });
}

export interface TrainGraph {
  g: GraphBuilder;
  /** [B, T, Z] latents of the whole sub-trajectory. */
  latents: Tensor;
  /** [B, H, Z] predictions of latents 1..T−1. */
  predicted: Tensor;
  /** [B, 1, obsDim] probe reconstruction of the last observation of each sub-trajectory. */
  probe: Tensor;
}

export interface TrainGraphOptions {
  batch: number;
  sigregWeight: number;
  sigregDirections: number;
  seed: number;
  /**
   * Train the dynamics only (the trainer freezes LATENT_SPACE_PREFIXES): the projector's BatchNorm then runs
   * on its running statistics, so the latents in training are the very latents the exported encoder gives,
   * and the probe fitted to them stays valid; the predictor's projector keeps its running statistics too.
   */
  dynamicsOnly?: boolean;
}

/** The training graph for batches of sub-trajectories of history + 1 observations. */
export function buildTrainGraph(c: JepaConfig, o: TrainGraphOptions): TrainGraph {
  const g = new GraphBuilder('jepa', { dtype: 'float32', seed: o.seed });
  const B = o.batch;
  const T = subTrajectoryFrames(c);
  const H = c.history;
  const obs = g.input(IO.obs, [B, T, c.obsDim]);
  const actions = g.input(IO.actions, [B, H, c.frameskip * c.actDim]);
  const directions = g.input(IO.directions, [c.latentDim, o.sigregDirections]);

  const latents = g.reshape(encodeObservations(g, g.reshape(obs, [B * T, c.obsDim]), c, o.dynamicsOnly), [B, T, c.latentDim]);
  const context = g.slice(latents, [0], [H], [1]);
  const target = g.slice(latents, [1], [T], [1]);
  const predicted = predictNext(g, context, actions, c, o.dynamicsOnly);
  // LeWM: no stop-gradient and no EMA target; SIGReg is what keeps the latents from collapsing.
  g.loss(LOSS.pred, g.mse(predicted, target));
  g.loss(LOSS.sigreg, sigregLoss(g, g.transpose(latents, [1, 0, 2]), directions), o.sigregWeight);
  // The probe reads stopped latents, encoded and predicted: it learns to decode both without shaping either.
  // Its loss is the mean absolute error: velocities and the object pose are heavy-tailed (a cube knocked off
  // the table sits 20 σ out), and under a squared error those rare frames steer the probe at the expense of
  // the joints (on the sim arm: 0.061 rad joint error with MSE, 0.046 with L1, same probe and latents).
  // It decodes one encoded and one predicted latent per sub-trajectory, the last of each (the frames of a
  // sub-trajectory are near neighbours, and the refit after training does the precise fitting): a probe
  // twice as wide then costs what the narrow one cost on every frame, and decodes more precisely.
  const last = (t: Tensor, n: number) => g.stopGradient(g.slice(t, [n - 1], [n], [1]));
  const decoded = probeDecode(g, g.concat([last(latents, T), last(predicted, H)], 1), c);
  const [probe, probePred] = g.split(decoded, [1, 1], 1);
  const mae = (a: Tensor, b: Tensor) => g.reduceMean(g.abs(g.sub(a, b)));
  const lastObs = g.slice(obs, [T - 1], [T], [1]);
  g.loss(LOSS.probe, g.add(mae(probe, lastObs), mae(probePred, lastObs)));
  return { g, latents, predicted, probe };
}

export interface InferenceGraphs {
  encoder: { g: GraphBuilder; out: Tensor };
  predictor: { g: GraphBuilder; out: Tensor };
  probe: { g: GraphBuilder; out: Tensor };
}

/** The three inference graphs at fixed batch sizes (the runtime pads or splits calls to fit). */
export function buildInferenceGraphs(c: JepaConfig, batch: { encoder: number; predictor: number; probe: number }): InferenceGraphs {
  const ge = new GraphBuilder('encoder', { dtype: 'float32' });
  const enc = encodeObservations(ge, ge.input(IO.encoderIn, [batch.encoder, c.obsDim]), c);
  const gp = new GraphBuilder('predictor', { dtype: 'float32' });
  const lat = gp.input(IO.predictorLatents, [batch.predictor, c.history, c.latentDim]);
  const act = gp.input(IO.predictorActions, [batch.predictor, c.history, c.frameskip * c.actDim]);
  const pred = predictNext(gp, lat, act, c);
  const gq = new GraphBuilder('probe', { dtype: 'float32' });
  const dec = probeDecode(gq, gq.input(IO.probeIn, [batch.probe, c.latentDim]), c);
  return { encoder: { g: ge, out: enc }, predictor: { g: gp, out: pred }, probe: { g: gq, out: dec } };
}
