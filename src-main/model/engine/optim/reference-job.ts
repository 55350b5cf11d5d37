// The AdamW reference job: a small GELU MLP, its initial weights, a few batches and a learning-rate
// schedule, replayed by the engine and (bench/torch/adamw_reference.py) by torch.optim.AdamW. The committed
// fixture holds one job and torch's trajectory, so the comparison also runs where Python is absent.
import { buildMlp } from '../examples/mlp';
import { fillNormal, hashSeed } from '../graph/rng';
import { buildTrainStep } from '../runtime/trainer';
import { adamw } from './adamw';
import { warmupCosine } from './schedule';

export interface AdamwJob {
  widths: number[];
  batch: number;
  init: Record<string, number[]>;
  batches: { x: number[]; y: number[] }[];
  lrs: number[];
  beta1: number;
  beta2: number;
  eps: number;
  weight_decay: number;
  clip_norm: number;
}

export interface AdamwTrajectory {
  losses: number[];
  grad_norms: number[];
  /** Parameters after each step, weights as [in, out]. */
  params: Record<string, number[]>[];
}

export function makeAdamwJob(seed: number, steps = 12): AdamwJob {
  const widths = [5, 16, 16, 3];
  const batch = 8;
  const m = buildMlp({ batch, widths, seed });
  const init = Object.fromEntries(m.g.params.map((p) => [p.tensor.name, Array.from(p.init)]));
  // Biases start non-zero so that skipping their decay is visible.
  for (const [k, v] of Object.entries(init)) {
    if (k.endsWith('bias')) for (let i = 0; i < v.length; i++) v[i] = 0.1 * Math.sin(i + seed);
  }
  const normal = (n: number, label: string) => {
    const a = new Float32Array(n);
    fillNormal(a, hashSeed(seed, label));
    return Array.from(a);
  };
  const batches = Array.from({ length: steps }, (_, i) => ({ x: normal(batch * widths[0], `x${i}`), y: normal(batch * widths[3], `y${i}`) }));
  const lrs = batches.map((_, i) => warmupCosine({ peak: 3e-2, warmupSteps: 3, totalSteps: steps, finalFraction: 0.1 }, i + 1));
  // clip_norm sits inside the range of gradient norms so some steps are clipped and others not.
  return { widths, batch, init, batches, lrs, beta1: 0.9, beta2: 0.99, eps: 1e-8, weight_decay: 0.1, clip_norm: 1.0 };
}

/** Run the job through the engine, recording the same trajectory the torch script records. */
export async function replayAdamwJob(job: AdamwJob): Promise<AdamwTrajectory> {
  const m = buildMlp({ batch: job.batch, widths: job.widths });
  const tr = await buildTrainStep(m.g, {
    optimizer: adamw({ beta1: job.beta1, beta2: job.beta2, eps: job.eps, weightDecay: job.weight_decay }),
    clipNorm: job.clip_norm,
    threads: 1,
  });
  tr.setParams(job.init);
  const out: AdamwTrajectory = { losses: [], grad_norms: [], params: [] };
  for (let i = 0; i < job.batches.length; i++) {
    const r = await tr.step({ x: Float32Array.from(job.batches[i].x), y: Float32Array.from(job.batches[i].y) }, job.lrs[i]);
    out.losses.push(r.loss);
    out.grad_norms.push(r.gradNorm);
    out.params.push(Object.fromEntries(Object.entries(tr.getParams()).map(([k, v]) => [k, Array.from(v)])));
  }
  await tr.dispose();
  return out;
}

/** Largest disagreement between two trajectories: losses and norms relative, parameters absolute. */
export function compareTrajectories(a: AdamwTrajectory, b: AdamwTrajectory): { loss: number; gradNorm: number; params: number } {
  let loss = 0;
  let gradNorm = 0;
  let params = 0;
  a.losses.forEach((l, i) => {
    loss = Math.max(loss, Math.abs(l - b.losses[i]) / Math.max(1e-6, Math.abs(b.losses[i])));
    gradNorm = Math.max(gradNorm, Math.abs(a.grad_norms[i] - b.grad_norms[i]) / Math.max(1e-6, b.grad_norms[i]));
    for (const [k, v] of Object.entries(a.params[i])) {
      for (let j = 0; j < v.length; j++) params = Math.max(params, Math.abs(v[j] - b.params[i][k][j]));
    }
  });
  return { loss, gradNorm, params };
}
