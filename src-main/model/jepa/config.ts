// The world model's shape and its training recipe, as plain data: stored in checkpoints and the model card,
// and chosen by name through presets (presets.ts).

/** How observations become encoder features. Pluggable per modality: see encoders.ts. */
export type EncoderSpec =
  /** An MLP over a flat state vector (joint positions, velocities, object pose). */
  {
    kind: 'state-mlp';
    hidden: number[];
    out: number;
    /**
     * Add a linear map of the observation to the MLP's output. The latent then carries the state along a
     * path that is easy to invert, and the probe decodes joints more precisely (on the sim arm, 0.041 →
     * 0.033 rad probe floor at 2000 steps). Absent in older models: false.
     */
    skip?: boolean;
    /**
     * Clip the normalised observation to ±this many standard deviations before encoding. A cube knocked off
     * the table sits 20 σ out, and a servo that misreads once can report anything: clipped, such a frame
     * still encodes as "far out" without swamping the features every other frame shares. Absent: no clip.
     */
    inputClip?: number;
  };

export interface JepaConfig {
  /** Width of one normalised observation (flat). */
  obsDim: number;
  /** Width of one raw action; a block is frameskip of them. */
  actDim: number;
  /** Width of the latent z (after the projector) that SIGReg shapes and the predictor forecasts. */
  latentDim: number;
  encoder: EncoderSpec;
  /** Hidden width of the projector MLPs after the encoder and after the predictor (BatchNorm + GELU). */
  projectorHidden: number;
  /** Hidden width of the action encoder MLP (over frameskip × actDim). */
  actionHidden: number;
  predictor: {
    /** Token width inside the transformer. */
    dim: number;
    depth: number;
    heads: number;
    mlpDim: number;
    dropout: number;
  };
  /** Hidden width of the probe that decodes a latent back to the observation (two hidden layers). */
  probeHidden: number;
  /**
   * Predict the change of the latent rather than the latent (z' = z + f(z, a)). Not in LeWM: a state latent
   * moves little per block, and a residual makes "no change" the starting point instead of something to learn.
   */
  residual: boolean;
  /** Latents of context the predictor sees (LeWM: 3). */
  history: number;
  /** Raw frames per action block (LeWM: 5). */
  frameskip: number;
}

export interface TrainConfig {
  /** Sub-trajectories per step (LeWM: 128). */
  batch: number;
  steps: number;
  /** Peak AdamW learning rate (LeWM: 5e-5). */
  lr: number;
  weightDecay: number;
  warmupSteps: number;
  /** Learning rate at the end of the cosine, as a fraction of the peak. */
  finalLrFraction: number;
  gradClip: number;
  /** λ of the SIGReg term (LeWM code: 0.09). */
  sigregWeight: number;
  /** Random directions per step, resampled every step (LeWM: 1024). */
  sigregDirections: number;
  /** Share of episodes held out for validation. */
  valFraction: number;
  /** Steps between validation passes (which also decide early stopping). */
  evalEvery: number;
  /** Validation passes without improvement before stopping early; 0 disables. */
  patience: number;
  /** Steps ahead, in action blocks, at which k-step error is reported. */
  evalK: number[];
  /** Most validation windows used per pass (keeps a pass short). */
  evalWindows: number;
  seed: number;
  /**
   * Steps that fit the probe alone on the exported (best) encoder and predictor once training ends; 0 skips
   * it. The probe learns beside a moving latent during training, so it lags; refitted on the final latents it
   * decodes them more precisely, and the k-step error it measures is the model's, not the probe's lag.
   */
  probeSteps?: number;
  /** Peak learning rate of the probe refit (warm-up + cosine). */
  probeLr?: number;
  /**
   * Train the dynamics only: the action encoder, predictor and its projector. The encoder, its projector
   * (weights and BatchNorm statistics) and the probe stay as they are, and no probe refit follows. For
   * fine-tuning on another arm of the same kind, or the same arm under a new load: what a state means does
   * not change, how it moves does. Absent: false.
   */
  dynamicsOnly?: boolean;
}

export interface Preset {
  name: string;
  description: string;
  /** Everything but the data-given widths. */
  model: Omit<JepaConfig, 'obsDim' | 'actDim'>;
  train: TrainConfig;
}

/** The number of trainable values a configuration has, without building a graph (for cards and the UI). */
export function subTrajectoryFrames(c: Pick<JepaConfig, 'history'>): number {
  return c.history + 1;
}
