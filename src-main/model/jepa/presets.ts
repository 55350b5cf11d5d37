// Named recipes. LeWM's own numbers (ViT-tiny on 224² pixels, latent 192, predictor depth 6 × 16 heads,
// batch 128, lr 5e-5, 1024 SIGReg directions) are sized for a GPU and pixels. Here the first encoder reads a
// state vector of ~20 numbers on a 2-core CPU, so widths shrink to what such a vector can fill, and the
// learning rate rises because the model is ~60× smaller and must converge in minutes, not hours. Every
// departure is listed in models/README.md and in each model card.
import type { Preset, TrainConfig } from './config';

const LEWM_LOSS = { sigregWeight: 0.09, finalLrFraction: 0.05, gradClip: 1.0, weightDecay: 1e-3 };
/**
 * λ for the sim arm: below the range LeWM reports as stable (0.01–0.2), because a 19-number state has fewer
 * independent directions than the latent, and the stronger the pull to an isotropic Gaussian, the more the
 * encoder folds joint angles into features a probe cannot undo: at 8000 steps, λ = 0.09 / 0.03 / 0.01 gave a
 * probe floor of 0.015 / 0.012 / 0.009 rad, effective rank 31 / 31 / 25 of 32; at 16000 steps λ = 0.007 took
 * k = 1 error from 0.0154 to 0.0138 rad (rank 25). 0.002 half-collapsed (rank 15 of 32).
 */
const SIM_ARM_SIGREG = 0.007;
/**
 * Latent width. 48 rather than 32: at λ = 0.007 and 16000 steps, 32 / 48 / 64 gave probe floors of
 * 0.0087 / 0.0074 / 0.0081 rad, k = 1 error 0.0138 / 0.0128 / 0.0130 and effective rank 25 / 27.5 / 30 —
 * 64 falls under the bar of half the width, 48 stays above it, and rollouts cost grows with the width.
 */
const SIM_ARM_LATENT = 48;

export const PRESETS: Record<string, Preset> = {
  'sim-arm': {
    name: 'sim-arm',
    description: 'The simulated SO-101 arm: joint positions, velocities and the cube pose, in a state encoder sized for a 2-core CPU.',
    model: {
      latentDim: SIM_ARM_LATENT,
      encoder: { kind: 'state-mlp', hidden: [128, 128], out: 64, skip: true, inputClip: 6 },
      projectorHidden: 256,
      actionHidden: 128,
      predictor: { dim: 64, depth: 2, heads: 4, mlpDim: 256, dropout: 0 },
      probeHidden: 512,
      residual: false,
      history: 3,
      frameskip: 5,
    },
    train: {
      ...LEWM_LOSS,
      sigregWeight: SIM_ARM_SIGREG,
      batch: 128,
      steps: 16000,
      lr: 1e-3,
      warmupSteps: 300,
      sigregDirections: 256,
      valFraction: 0.1,
      evalEvery: 500,
      patience: 6,
      evalK: [1, 5, 10],
      evalWindows: 512,
      seed: 0,
      probeSteps: 3000,
      probeLr: 1e-3,
    },
  },
  /** For tests and smoke runs: same structure, a fraction of the work. */
  tiny: {
    name: 'tiny',
    description: 'A small model for tests and quick checks of a dataset; not for planning.',
    model: {
      latentDim: 16,
      encoder: { kind: 'state-mlp', hidden: [64], out: 32 },
      projectorHidden: 64,
      actionHidden: 32,
      predictor: { dim: 32, depth: 1, heads: 2, mlpDim: 64, dropout: 0 },
      probeHidden: 64,
      residual: false,
      history: 3,
      frameskip: 5,
    },
    train: {
      ...LEWM_LOSS,
      batch: 64,
      steps: 400,
      lr: 2e-3,
      warmupSteps: 40,
      sigregDirections: 64,
      valFraction: 0.2,
      evalEvery: 100,
      patience: 0,
      evalK: [1, 5, 10],
      evalWindows: 128,
      seed: 0,
      probeSteps: 100,
      probeLr: 2e-3,
    },
  },
};

export function presetNames(): string[] {
  return Object.keys(PRESETS);
}

/**
 * Fine-tuning a trained model on a user's demonstrations: fewer steps at a tenth of the rate with a short
 * warm-up, so 50 episodes fine-tune in minutes on a laptop CPU; the base model is scored first (step 0), so
 * the exported model is never worse on the user's held-out episodes than the one they started from.
 * The dynamics only, by default: on 50 episodes of the sim arm with servos half as stiff, scored on 60 more,
 * k = 1 / 5 / 10 error went 0.029 / 0.039 / 0.043 → 0.018 / 0.031 / 0.035 rad in 41 s, where training
 * everything reached 0.024 / 0.032 / 0.035 in 72 s, its probe floor doubled by latents that moved under it.
 */
export const FINETUNE: Partial<TrainConfig> = { steps: 1500, lr: 1e-4, warmupSteps: 50, evalEvery: 250, patience: 3, dynamicsOnly: true };
