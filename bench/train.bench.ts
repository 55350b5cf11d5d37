// `npm run bench -- train`: the engine against PyTorch CPU on the same models (an MLP and an AdaLN
// transformer block of the world model's sizes), same initial weights, same batches, same learning rates,
// same thread count, in one run. Prints samples/s both sides, the ratio, peak memory, final losses and the
// fixed cost of one session.run. Refuses a ratio when torch runs on the reference BLAS.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMlp } from '../src-main/model/engine/examples/mlp';
import { buildTransformerBlock } from '../src-main/model/engine/examples/transformer-block';
import { adamw, buildTrainStep, encodeSafetensors, fillNormal, GraphBuilder, hashSeed, openSession, warmupCosine } from '../src-main/model/engine';
import type { GraphBuilder as GB } from '../src-main/model/engine';
import * as ort from 'onnxruntime-node';
import { findTorchPython, TORCH_DIR } from './torch/python';

const THREADS = Number(process.env.BENCH_THREADS ?? 2);
const quick = process.argv.includes('--quick');
const WARMUP = quick ? 5 : 20;
const ROUNDS = quick ? 2 : 5;
const TIMED = quick ? 20 : 150; // split into ROUNDS rounds; the best round is reported on both sides
const NUM_BATCHES = 8;
const CLIP = 1.0;
const WD = 0.01;

interface ModelSpec {
  kind: 'mlp' | 'block';
  label: string;
  batch: number;
  config: Record<string, unknown>;
  build: () => { g: GB; fields: string[] };
}

// Sizes of the world model: a 192-wide embedding, a 16-step causal history, 6 heads, action-conditioned.
const specs: Record<string, ModelSpec> = {
  mlp: {
    kind: 'mlp',
    label: 'MLP 64→512→512→192, batch 256',
    batch: 256,
    config: { widths: [64, 512, 512, 192] },
    build: () => ({ g: buildMlp({ batch: 256, widths: [64, 512, 512, 192], seed: 1 }).g, fields: ['x', 'y'] }),
  },
  block: {
    kind: 'block',
    label: 'AdaLN transformer block D=192 T=16 H=6, batch 32',
    batch: 32,
    config: { batch: 32, tokens: 16, dim: 192, heads: 6, condDim: 32 },
    build: () => ({
      g: buildTransformerBlock({ batch: 32, tokens: 16, dim: 192, heads: 6, condDim: 32, seed: 2, modulationStd: 0.02 }).g,
      fields: ['x', 'cond', 'target'],
    }),
  },
};

function vmHwmMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

function makeBatches(g: GB, fields: string[], seed: number): Record<string, Float32Array>[] {
  return Array.from({ length: NUM_BATCHES }, (_, i) =>
    Object.fromEntries(
      fields.map((f) => {
        const t = g.inputs.find((x) => x.name === f);
        if (!t) throw new Error(`no input ${f}`);
        const a = new Float32Array(t.size);
        fillNormal(a, hashSeed(seed, `${f}/${i}`));
        return [f, a];
      }),
    ),
  );
}

async function sessionRunCost(): Promise<number> {
  const g = new GraphBuilder('noop');
  const a = g.input('a', [1]);
  const { emitModel } = await import('../src-main/model/engine');
  const s = await openSession(emitModel(g, { outputs: { b: g.add(a, 1) }, mode: 'eval' }).bytes, { threads: THREADS });
  const feeds = { a: new ort.Tensor('float32', new Float32Array(1), [1]) };
  for (let i = 0; i < 200; i++) await s.run(feeds);
  const n = 3000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await s.run(feeds);
  return ((performance.now() - t0) / n) * 1000;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'praxis-train-bench-'));
  const lrs = Array.from({ length: WARMUP + TIMED }, (_, i) => warmupCosine({ peak: 1e-3, warmupSteps: WARMUP, totalSteps: WARMUP + TIMED, finalFraction: 0.1 }, i + 1));
  const torchJob: Record<string, unknown> = { threads: THREADS, models: {} };
  const ours: Record<string, { samplesPerS: number; msPerStep: number; medianMs: number; losses: number[]; params: number; nodes: number }> = {};

  const runOverhead = await sessionRunCost();
  for (const [name, spec] of Object.entries(specs)) {
    const { g, fields } = spec.build();
    const batches = makeBatches(g, fields, 99);
    const weights = Object.fromEntries(g.params.map((p) => [p.tensor.name, { shape: p.tensor.shape, data: p.init as Float32Array }]));
    writeFileSync(join(dir, `${name}.weights.safetensors`), encodeSafetensors(weights));
    const bt: Record<string, { shape: readonly number[]; data: Float32Array }> = {};
    batches.forEach((b, i) => {
      for (const f of fields) bt[`${f}/${i}`] = { shape: (g.inputs.find((x) => x.name === f) as { shape: readonly number[] }).shape, data: b[f] };
    });
    writeFileSync(join(dir, `${name}.batches.safetensors`), encodeSafetensors(bt));
    (torchJob.models as Record<string, unknown>)[name] = {
      kind: spec.kind,
      config: spec.config,
      batch: spec.batch,
      weights: join(dir, `${name}.weights.safetensors`),
      batches: join(dir, `${name}.batches.safetensors`),
      fields,
      num_batches: NUM_BATCHES,
      lrs,
      warmup_steps: WARMUP,
      timed_steps: TIMED,
      rounds: ROUNDS,
      clip_norm: CLIP,
      weight_decay: WD,
    };

    const tr = await buildTrainStep(g, { optimizer: adamw({ weightDecay: WD }), clipNorm: CLIP, threads: THREADS });
    const losses: number[] = [];
    for (let i = 0; i < WARMUP; i++) losses.push((await tr.step(batches[i % NUM_BATCHES], lrs[i])).loss);
    const per = Math.floor(TIMED / ROUNDS);
    const roundMs: number[] = [];
    let i = WARMUP;
    for (let r = 0; r < ROUNDS; r++) {
      const t0 = performance.now();
      for (let k = 0; k < per; k++, i++) losses.push((await tr.step(batches[i % NUM_BATCHES], lrs[i])).loss);
      roundMs.push((performance.now() - t0) / per);
    }
    const best = Math.min(...roundMs);
    const median = [...roundMs].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)];
    ours[name] = { samplesPerS: (1000 * spec.batch) / best, msPerStep: best, medianMs: median, losses, params: tr.layout.totalSize, nodes: g.nodes.length };
    await tr.dispose();
  }
  const ourPeak = vmHwmMb();

  const py = findTorchPython();
  let torch: { torch: string; threads: number; blas: { info: string; libs: string[]; kind: string; sgemm512_gflops: number }; peak_rss_mb: number; models: Record<string, { samples_per_s: number; ms_per_step: number; median_ms_per_step: number; losses: number[] }> } | null = null;
  let torchWhyNot = '';
  if (!py) torchWhyNot = 'python3-torch not installed (apt-get install python3-torch libopenblas0-openmp)';
  else {
    const r = spawnSync(py, [join(TORCH_DIR, 'train_bench.py')], {
      input: JSON.stringify(torchJob),
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      env: { ...process.env, OMP_NUM_THREADS: String(THREADS), OPENBLAS_NUM_THREADS: String(THREADS), MKL_NUM_THREADS: String(THREADS) },
    });
    if (r.status === 0) torch = JSON.parse(r.stdout);
    else torchWhyNot = `train_bench.py failed: ${r.stderr.slice(-800)}`;
  }

  const blas = torch?.blas;
  const referenceBlas = blas?.kind === 'reference';
  const blasLabel = blas ? `${blas.kind} (BLAS_INFO=${blas.info}; ${blas.libs.join(', ') || 'no BLAS library mapped'}); sgemm 512³ ${blas.sgemm512_gflops.toFixed(1)} GFLOP/s` : '—';

  const pad = (s: string, n: number) => s.padEnd(n);
  const num = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '—');
  console.log(`\ntraining bench — ${THREADS} threads each side, ${WARMUP} warm-up + ${TIMED} timed steps in ${ROUNDS} rounds (best round reported), AdamW + clip ${CLIP}, warm-up/cosine lr`);
  console.log(`onnxruntime-node ${ort.env.versions.common ?? ''}; torch ${torch?.torch ?? '—'} (threads ${torch?.threads ?? '—'}) on BLAS: ${blasLabel}`);
  console.log(`session.run fixed cost (one Add on [1]): ${num(runOverhead, 1)} µs\n`);
  console.log(`${pad('model', 50)}${pad('engine samples/s', 18)}${pad('torch samples/s', 17)}${pad('ratio', 9)}${pad('ms/step e|t', 15)}final loss engine | torch`);
  let allAlike = true;
  for (const [name, spec] of Object.entries(specs)) {
    const e = ours[name];
    const t = torch?.models[name];
    const tail = (l: number[]) => l.slice(-8).reduce((a, b) => a + b, 0) / 8;
    const le = tail(e.losses);
    const lt = t ? tail(t.losses) : Number.NaN;
    const alike = t ? Math.abs(le - lt) / Math.max(1e-9, Math.abs(lt)) < 0.02 : false;
    allAlike &&= alike;
    const ratio = !t ? '—' : referenceBlas ? 'REFUSED' : `${(e.samplesPerS / t.samples_per_s).toFixed(2)}×`;
    console.log(
      `${pad(spec.label, 50)}${pad(num(e.samplesPerS, 0), 18)}${pad(t ? num(t.samples_per_s, 0) : '—', 17)}${pad(ratio, 9)}${pad(`${num(e.msPerStep, 2)}|${t ? num(t.ms_per_step, 2) : '—'}`, 15)}${le.toFixed(5)} | ${t ? lt.toFixed(5) : '—'}${t ? (alike ? '  (alike)' : '  (DIFFER)') : ''}`,
    );
    console.log(`  ${e.params} parameters, ${e.nodes} graph nodes; median ms/step ${num(e.medianMs, 2)} | ${t ? num(t.median_ms_per_step, 2) : '—'}; first loss ${e.losses[0].toFixed(5)} | ${t ? t.losses[0].toFixed(5) : '—'}`);
  }
  console.log(`\npeak memory (process high-water mark): engine ${num(ourPeak, 0)} MB (Node + ORT, both models) | torch ${torch ? num(torch.peak_rss_mb, 0) : '—'} MB (Python + torch, both models)`);
  if (!torch) console.log(`torch reference unavailable: ${torchWhyNot}`);
  else if (referenceBlas) console.log('REFUSED: torch runs on the reference BLAS (~20× slower); install libopenblas0-openmp so the comparison is fair.');
  else if (blas?.kind === 'unknown') console.log('NOTE: could not tell which BLAS torch uses; check the sgemm figure above before trusting the ratio.');
  if (torch && !allAlike) console.log('WARNING: the two sides did not train alike (final losses differ by more than 2%).');
  console.log(`(goal: ratio ≥ 1.0×; files in ${dir})`);
}

await main();
