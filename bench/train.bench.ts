// `npm run bench -- train`: the engine against PyTorch CPU on the same models (an MLP and an AdaLN
// transformer block of the world model's sizes), same initial weights, same batches, same learning rates,
// same thread count, in one run. Rounds alternate between the two sides so both see the same machine load
// (the bench machine may be shared); the best round of each side is reported, the median alongside.
// Prints samples/s, the ratio, peak memory, final losses and the fixed cost of one session.run, and refuses
// a ratio when torch runs on the reference BLAS.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import * as ort from 'onnxruntime-node';
import type { GraphBuilder as GB, Trainer } from '../src-main/model/engine';
import {
  adamw,
  buildMlp,
  buildTrainStep,
  buildTransformerBlock,
  emitModel,
  encodeSafetensors,
  fillNormal,
  GraphBuilder,
  hashSeed,
  openSession,
  warmupCosine,
} from '../src-main/model/engine';
import { findTorchPython, TORCH_DIR } from './torch/python';

const THREADS = Number(process.env.BENCH_THREADS ?? 2);
const quick = process.argv.includes('--quick');
// The engine chains this many steps per session.run (Trainer.steps): onnxruntime-node copies every output
// into a fresh ArrayBuffer, so the weights and moments cross into JavaScript once per chain, not per step.
// The single-step engine is measured in the same rounds and printed beside it.
const STEPS_PER_RUN = Number(process.env.BENCH_STEPS_PER_RUN ?? 8);
const WARMUP = quick ? 8 : 24;
const ROUNDS = quick ? 3 : 8;
const PER_ROUND = quick ? 8 : 24;
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

interface TorchHello {
  torch: string;
  threads: number;
  blas: { info: string; libs: string[]; kind: string; sgemm512_gflops: number };
}

/** The torch side as a child process answering one JSON line per request. */
class TorchSide {
  private readonly lines: AsyncIterator<string>;
  constructor(private readonly proc: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  }
  async ask<T>(msg: unknown): Promise<T> {
    this.proc.stdin.write(`${JSON.stringify(msg)}\n`);
    const next = await this.lines.next();
    if (next.done) throw new Error('the torch process ended early (see its stderr above)');
    return JSON.parse(next.value) as T;
  }
}

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
  const s = await openSession(emitModel(g, { outputs: { b: g.add(a, 1) }, mode: 'eval' }).bytes, { threads: THREADS });
  const feeds = { a: new ort.Tensor('float32', new Float32Array(1), [1]) };
  for (let i = 0; i < 200; i++) await s.run(feeds);
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) await s.run(feeds);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best * 1000;
}

interface Side {
  roundMs: number[];
  losses: number[];
}

/** Child mode: build the chained trainers of both models, train a few chains, print the high-water mark. */
async function memoryChild(): Promise<void> {
  for (const spec of Object.values(specs)) {
    const { g, fields } = spec.build();
    const batches = makeBatches(g, fields, 99);
    const tr = await buildTrainStep(g, { optimizer: adamw({ weightDecay: WD }), clipNorm: CLIP, threads: THREADS, stepsPerRun: STEPS_PER_RUN });
    const n = 2 * STEPS_PER_RUN;
    await tr.steps(
      Array.from({ length: n }, (_, i) => batches[i % NUM_BATCHES]),
      Array.from({ length: n }, () => 1e-3),
    );
  }
  console.log(JSON.stringify({ peakMb: vmHwmMb() }));
}

async function enginePeakMb(): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1], '--memory-child'], { env: process.env });
  let out = '';
  child.stdout.on('data', (d) => {
    out += String(d);
  });
  child.stderr.pipe(process.stderr);
  await new Promise((r) => child.on('close', r));
  const line = out.trim().split('\n').pop() ?? '';
  try {
    return (JSON.parse(line) as { peakMb: number }).peakMb;
  } catch {
    return Number.NaN;
  }
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const tail = (l: number[]) => l.slice(-8).reduce((a, b) => a + b, 0) / Math.min(8, l.length);

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'praxis-train-bench-'));
  const loadBefore = loadavg()[0];
  const total = WARMUP + ROUNDS * PER_ROUND;
  const lrs = Array.from({ length: total }, (_, i) => warmupCosine({ peak: 1e-3, warmupSteps: WARMUP, totalSteps: total, finalFraction: 0.1 }, i + 1));
  const runOverhead = await sessionRunCost();

  const engines: Record<string, { tr: Trainer; batches: Record<string, Float32Array>[]; i: number; nodes: number }> = {};
  const singles: Record<string, { tr: Trainer; batches: Record<string, Float32Array>[]; i: number; nodes: number }> = {};
  const torchModels: Record<string, unknown> = {};
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
    torchModels[name] = {
      kind: spec.kind,
      config: spec.config,
      weights: join(dir, `${name}.weights.safetensors`),
      batches: join(dir, `${name}.batches.safetensors`),
      fields,
      num_batches: NUM_BATCHES,
      lrs,
      clip_norm: CLIP,
      weight_decay: WD,
    };
    const tr = await buildTrainStep(g, { optimizer: adamw({ weightDecay: WD }), clipNorm: CLIP, threads: THREADS, stepsPerRun: STEPS_PER_RUN });
    const nodes = g.nodes.length;
    engines[name] = { tr, batches, i: 0, nodes };
    singles[name] = { tr: await buildTrainStep(spec.build().g, { optimizer: adamw({ weightDecay: WD }), clipNorm: CLIP, threads: THREADS }), batches, i: 0, nodes };
  }

  const engineRound = async (name: string, steps: number, single = false): Promise<{ ms: number; losses: number[] }> => {
    const e = (single ? singles : engines)[name];
    const idx = Array.from({ length: steps }, (_, k) => e.i + k);
    const t0 = performance.now();
    const res = await e.tr.steps(
      idx.map((i) => e.batches[i % NUM_BATCHES]),
      idx.map((i) => lrs[i]),
    );
    e.i += steps;
    return { ms: (performance.now() - t0) / steps, losses: res.map((r) => r.loss) };
  };

  const py = findTorchPython();
  let torch: TorchSide | null = null;
  let hello: TorchHello | null = null;
  let torchWhyNot = py ? '' : 'python3-torch not installed (apt-get install python3-torch libopenblas0-openmp)';
  if (py) {
    const proc = spawn(py, [join(TORCH_DIR, 'train_bench.py')], {
      env: { ...process.env, OMP_NUM_THREADS: String(THREADS), OPENBLAS_NUM_THREADS: String(THREADS), MKL_NUM_THREADS: String(THREADS) },
    });
    proc.stderr.pipe(process.stderr);
    torch = new TorchSide(proc);
    try {
      hello = await torch.ask<TorchHello>({ cmd: 'setup', threads: THREADS, models: torchModels });
    } catch (e) {
      torchWhyNot = `train_bench.py failed: ${(e as Error).message}`;
      torch = null;
    }
  }

  const ours: Record<string, Side> = {};
  const oursSingle: Record<string, Side> = {};
  const theirs: Record<string, Side> = {};
  for (const name of Object.keys(specs)) {
    ours[name] = { roundMs: [], losses: (await engineRound(name, WARMUP)).losses };
    oursSingle[name] = { roundMs: [], losses: (await engineRound(name, WARMUP, true)).losses };
    if (torch) theirs[name] = { roundMs: [], losses: (await torch.ask<{ losses: number[] }>({ cmd: 'round', model: name, steps: WARMUP })).losses };
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (const name of Object.keys(specs)) {
      // Alternate who goes first, so neither side always inherits the other's cache state.
      const order = r % 2 === 0 ? ['engine', 'torch', 'single'] : ['single', 'torch', 'engine'];
      for (const side of order) {
        if (side === 'engine') {
          const e = await engineRound(name, PER_ROUND);
          ours[name].roundMs.push(e.ms);
          ours[name].losses.push(...e.losses);
        } else if (side === 'single') {
          const e = await engineRound(name, PER_ROUND, true);
          oursSingle[name].roundMs.push(e.ms);
          oursSingle[name].losses.push(...e.losses);
        } else if (torch) {
          const t = await torch.ask<{ ms_per_step: number; losses: number[] }>({ cmd: 'round', model: name, steps: PER_ROUND });
          theirs[name].roundMs.push(t.ms_per_step);
          theirs[name].losses.push(...t.losses);
        }
      }
    }
  }
  // Peak memory of what the comparison is about, the chained trainers of both models, measured in a child
  // process that holds only those (this one also holds the single-step trainers).
  const ourPeak = await enginePeakMb();
  const torchPeak = torch ? (await torch.ask<{ peak_rss_mb: number }>({ cmd: 'finish' })).peak_rss_mb : Number.NaN;

  const blas = hello?.blas;
  const referenceBlas = blas?.kind === 'reference';
  const pad = (s: string, n: number) => s.padEnd(n);
  const num = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '—');
  console.log(
    `\ntraining bench — ${THREADS} threads each side; ${WARMUP} warm-up steps, then ${ROUNDS} rounds × ${PER_ROUND} steps alternating engine/torch (best round reported); AdamW + clip ${CLIP}, warm-up/cosine lr; engine chains ${STEPS_PER_RUN} steps per session.run`,
  );
  console.log(`onnxruntime-node ${ort.env.versions.common ?? ''}; torch ${hello?.torch ?? '—'} (threads ${hello?.threads ?? '—'})`);
  if (blas) console.log(`torch BLAS: ${blas.kind} (BLAS_INFO=${blas.info}; ${blas.libs.join(', ') || 'no BLAS library mapped'}); torch sgemm 512³ ${num(blas.sgemm512_gflops)} GFLOP/s`);
  console.log(`session.run fixed cost (one Add on [1]): ${num(runOverhead, 1)} µs`);
  console.log(`machine: ${cpus().length} cores, load average ${num(loadBefore, 1)} at start, ${num(loadavg()[0], 1)} at end${loadavg()[0] > cpus().length / 2 ? ' (busy: figures are noisy; torch suffers more from contention than ORT)' : ''}\n`);
  console.log(`${pad('model', 50)}${pad('engine samples/s', 18)}${pad('torch samples/s', 17)}${pad('ratio', 10)}${pad('ms/step best e|t', 19)}${pad('median e|t', 16)}final loss engine | torch`);
  let allAlike = true;
  for (const [name, spec] of Object.entries(specs)) {
    const e = ours[name];
    const t = theirs[name];
    const eBest = Math.min(...e.roundMs);
    const tBest = t ? Math.min(...t.roundMs) : Number.NaN;
    const le = tail(e.losses);
    const lt = t ? tail(t.losses) : Number.NaN;
    const alike = t ? Math.abs(le - lt) / Math.max(1e-9, Math.abs(lt)) < 0.02 : false;
    allAlike &&= alike;
    const ratio = !t ? '—' : referenceBlas ? 'REFUSED' : `${(tBest / eBest).toFixed(2)}×`;
    console.log(
      `${pad(spec.label, 50)}${pad(num((1000 * spec.batch) / eBest, 0), 18)}${pad(t ? num((1000 * spec.batch) / tBest, 0) : '—', 17)}${pad(ratio, 10)}${pad(`${num(eBest, 2)}|${num(tBest, 2)}`, 19)}${pad(`${num(median(e.roundMs), 2)}|${t ? num(median(t.roundMs), 2) : '—'}`, 16)}${le.toFixed(5)} | ${t ? lt.toFixed(5) : '—'}${t ? (alike ? '  (alike)' : '  (DIFFER)') : ''}`,
    );
    const sBest = Math.min(...oursSingle[name].roundMs);
    console.log(`  engine at 1 step per session.run: ${num((1000 * spec.batch) / sBest, 0)} samples/s (${num(sBest, 2)} ms/step)${t && !referenceBlas ? `, ${(tBest / sBest).toFixed(2)}× torch` : ''}; final loss ${tail(oursSingle[name].losses).toFixed(5)}`);
    console.log(`  ${engines[name].tr.slots.reduce((a, s) => a + s.size, 0)} parameters, ${engines[name].nodes} nodes in the step graph before ORT's fusions; first loss ${e.losses[0].toFixed(5)} | ${t ? t.losses[0].toFixed(5) : '—'}`);
  }
  console.log(`\npeak memory (process high-water mark): engine ${num(ourPeak, 0)} MB (Node + ORT, both models) | torch ${num(torchPeak, 0)} MB (Python + torch, both models)`);
  if (!hello) console.log(`torch reference unavailable: ${torchWhyNot}`);
  else if (referenceBlas) console.log('REFUSED: torch runs on the reference BLAS (~20× slower); install libopenblas0-openmp so the comparison is fair.');
  else if (blas?.kind === 'unknown') console.log('NOTE: could not tell which BLAS torch uses; check the sgemm figure above before trusting the ratio.');
  if (hello && !allAlike) console.log('WARNING: the two sides did not train alike (final losses differ by more than 2%).');
  console.log(`(ratio = engine samples/s ÷ torch samples/s; goal ≥ 1.0×. Inputs in ${dir})`);
  for (const e of [...Object.values(engines), ...Object.values(singles)]) await e.tr.dispose();
}

await (process.argv.includes('--memory-child') ? memoryChild() : main());
