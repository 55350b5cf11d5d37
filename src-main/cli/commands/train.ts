// `praxis train`: fine-tune or train the JEPA world model on a LeRobot v3 dataset, in a worker thread, with
// live progress; Ctrl-C pauses nothing and loses nothing: it cancels after the current step and writes the
// checkpoint a later `--resume` continues from.
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { presetNames, recordSimEpisodes, type TrainConfig, TrainingJob, type TrainingEvent, type TrainingVerdict } from '../../model';
import { defaultModelsRoot } from '../../studio';

const HELP = `praxis train — train the JEPA world model on a LeRobot v3 dataset

Usage: praxis train --dataset DIR [--out DIR] [--preset sim-arm] [options]

  --dataset DIR        LeRobot v3 dataset with observation.state and action features.
  --out DIR            Run directory: the exported model (model-card.json, encoder/predictor/probe.onnx,
                       weights.safetensors) and checkpoints/. Default: a new folder named after the
                       dataset and the preset (or base model) under the models folder
                       ($PRAXIS_MODELS_DIR or ~/PraxisStudio/models), where the app lists it.
  --preset NAME        Model and recipe: ${presetNames().join(', ')}. Default sim-arm.
  --init DIR           Fine-tune the model in DIR (e.g. models/sim-arm) instead of starting from scratch;
                       its architecture and normaliser are kept, and the recipe becomes 1500 steps at
                       a tenth of the learning rate (override with --steps / --lr). The base model is
                       scored first: only weights that beat it on your held-out episodes are exported;
                       if none do, nothing is, the run says so and exits 1, and DIR stays the model to
                       use. The dataset must be in the model's units; a faster one is resampled to the
                       model's fps, a slower one refused. Only the
                       dynamics (action encoder and predictor) learn: the encoder and probe stay as
                       the base model has them.
  --train-encoder      With --init: fine-tune the encoder, its projector and the probe too (for data
                       whose observations look unlike the base model's, not only move unlike them).
  --resume             Continue the run in --out from checkpoints/last.safetensors.
  --steps N            Training steps (overrides the preset).
  --lr X               Peak learning rate (overrides the preset).
  --batch N            Sub-trajectories per step (overrides the preset).
  --eval-every N       Steps between validation passes.
  --patience N         Validation passes without improvement before stopping early (0: never).
  --seed N             Seed for the split, windows, SIGReg directions and dropout.
  --obs-features A,B   Observation features to concatenate. Default observation.state
                       (+ observation.environment_state when present).
  --sim-episodes N     If --dataset does not exist yet, first record N scripted episodes of the simulated
                       arm into it (reaches, pushes, exploration); the base model's one-command recipe.
  --threads N          onnxruntime threads. Default 2.
  --json               One JSON event per line on stdout instead of the progress display.

Before the first step, a dataset far too small for the steps asked is warned about. The run ends with a
verdict: red when a fine-tune did not improve, or when the model predicts worse than "no change".

When training ends, the probe alone is refitted on the exported model for the preset's probeSteps (the
encoder and predictor stay as trained), and the model is exported again if it measures no worse; a
fine-tune of the dynamics only keeps the base model's probe.

Ctrl-C stops after the current step and writes checkpoints/last.safetensors; --resume continues it.`;

function fmt(n: number, digits = 4): string {
  return Number.isFinite(n) ? n.toFixed(digits) : String(n);
}

/** Red on a terminal, so a run that produced nothing worth using cannot pass for a success. */
const red = (s: string) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[31m${s}\x1b[0m` : s);
const yellow = (s: string) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[33m${s}\x1b[0m` : s);

export function verdictText(v: TrainingVerdict): string {
  return v.ok ? v.message : red(`${v.kind === 'no-improvement' ? 'NOT IMPROVED' : 'NOT USABLE'}: ${v.message}`);
}

/** The unit word after a joint error: the dataset's (rad for Praxis's own data, deg for a LeRobot arm). */
const unitWord = (unit: string | undefined) => (unit === undefined ? 'rad' : unit === 'range_0_100' || unit === 'range_m100_100' ? `(${unit})` : unit);

function human(e: TrainingEvent): string | null {
  switch (e.type) {
    case 'started':
      return `${e.warnings.map((w) => `${yellow(`warning: ${w}`)}\n`).join('')}training ${e.parameters.toLocaleString()} parameters on ${e.episodes.train} episodes (${e.trainWindows} windows), validating on ${e.episodes.validation}${e.initFrom ? `, from ${e.initFrom}` : ''}${e.resumedFrom !== null ? `, resumed at step ${e.resumedFrom}` : ''}`;
    case 'progress': {
      const t = e.terms;
      return `step ${e.step}/${e.totalSteps}  loss ${fmt(e.loss)}  pred ${fmt(t.pred ?? Number.NaN)}  sigreg ${fmt(t.sigreg ?? Number.NaN, 3)}  probe ${fmt(t.probe ?? Number.NaN)}  ${e.samplesPerSecond.toFixed(0)} samples/s  eta ${Number.isFinite(e.etaSeconds) ? `${Math.round(e.etaSeconds)} s` : '?'}`;
    }
    case 'evaluation': {
      const r = e.report;
      const ks = r.k.map((k, i) => `k=${k}: ${fmt(r.model[i])} (no change ${fmt(r.noChange[i])}, linear ${fmt(r.linear[i])})`).join('; ');
      const goal = r.goal ? `, goal ρ ${fmt(r.goal.mean, 2)} over ${r.goal.episodes} demos` : '';
      return `validation @${r.step}: joint error ${unitWord(r.unit)} ${ks}; effective rank ${r.collapse.effectiveRank.toFixed(1)}/${r.collapse.dim}${goal}${e.best ? '  [best]' : ''}`;
    }
    case 'checkpoint':
      return null;
    case 'probe-refit':
      return `fitting the probe on the exported model: step ${e.step}/${e.totalSteps}  probe ${fmt(e.probeLoss)}`;
    case 'paused':
      return `paused at step ${e.step}`;
    case 'resumed':
      return `resumed at step ${e.step}`;
    case 'finished':
      return e.error
        ? `stopped (${e.reason}) at step ${e.step}: ${e.error.code}: ${e.error.message}${e.error.hint ? `\n${e.error.hint}` : ''}`
        : `${e.reason} at step ${e.step} in ${e.seconds.toFixed(0)} s${e.modelDir ? `; model in ${e.modelDir}` : '; no model exported'}${e.verdict ? `\n${verdictText(e.verdict)}` : ''}`;
  }
}

const num = (v: string | undefined, name: string, int = true): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || (int && !Number.isInteger(n)) || n < 0) throw Object.assign(new Error(`--${name} must be a ${int ? 'whole ' : ''}number ≥ 0, got "${v}"`), { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' });
  return n;
};

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dataset: { type: 'string' },
      out: { type: 'string' },
      preset: { type: 'string', default: 'sim-arm' },
      init: { type: 'string' },
      resume: { type: 'boolean', default: false },
      'train-encoder': { type: 'boolean', default: false },
      steps: { type: 'string' },
      lr: { type: 'string' },
      batch: { type: 'string' },
      'eval-every': { type: 'string' },
      patience: { type: 'string' },
      seed: { type: 'string' },
      'obs-features': { type: 'string' },
      'sim-episodes': { type: 'string' },
      threads: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!values.dataset) {
    console.error('praxis train: --dataset is required.\nRun `praxis train --help` for the options.');
    return 2;
  }
  const train: Partial<TrainConfig> = {};
  const steps = num(values.steps, 'steps');
  if (steps !== undefined) train.steps = steps;
  const lr = num(values.lr, 'lr', false);
  if (lr !== undefined) train.lr = lr;
  const batch = num(values.batch, 'batch');
  if (batch !== undefined) train.batch = batch;
  const evalEvery = num(values['eval-every'], 'eval-every');
  if (evalEvery !== undefined) train.evalEvery = evalEvery;
  const patience = num(values.patience, 'patience');
  if (patience !== undefined) train.patience = patience;
  const seed = num(values.seed, 'seed');
  if (seed !== undefined) train.seed = seed;
  if (values['train-encoder']) {
    if (!values.init) {
      console.error('praxis train: --train-encoder only applies to a fine-tune; add --init DIR (training from scratch trains everything).');
      return 2;
    }
    train.dynamicsOnly = false;
  }
  const dataset = resolve(values.dataset);
  const out = values.out ? resolve(values.out) : defaultRunDir(dataset, values.init ? basename(resolve(values.init)) : values.preset, values.resume);
  if (!values.out && !values.json) console.log(`run directory: ${out} (--out to choose another)`);
  const simEpisodes = num(values['sim-episodes'], 'sim-episodes');
  if (simEpisodes && !existsSync(dataset)) {
    if (!values.json) console.log(`recording ${simEpisodes} scripted sim episodes into ${dataset}…`);
    const r = await recordSimEpisodes(dataset, {
      episodes: simEpisodes,
      seed: seed ?? 1,
      onEpisode: (done, total) => {
        if (!values.json && (done % 25 === 0 || done === total)) console.log(`  ${done}/${total} episodes`);
      },
    });
    if (values.json) console.log(JSON.stringify({ type: 'sim-data', dataset, ...r }));
  }
  const job = await TrainingJob.start({
    dataset,
    out,
    preset: values.preset,
    init: values.init ? resolve(values.init) : undefined,
    resume: values.resume,
    train,
    obsFeatures: values['obs-features']?.split(',').map((s) => s.trim()).filter(Boolean),
    threads: num(values.threads, 'threads'),
  });
  let lastLine = 0;
  job.on((e) => {
    if (values.json) {
      console.log(JSON.stringify(e));
      return;
    }
    if ((e.type === 'progress' || e.type === 'probe-refit') && Date.now() - lastLine < 2000 && e.step !== e.totalSteps) return;
    const line = human(e);
    if (line) {
      (e.type === 'finished' && e.error ? console.error : console.log)(line);
      lastLine = Date.now();
    }
  });
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    if (!values.json) console.error('stopping after this step (Ctrl-C again to quit at once)…');
    try {
      job.cancel();
    } catch {
      // already finished
    }
  };
  process.on('SIGINT', onSigint);
  const done = await job.done;
  process.off('SIGINT', onSigint);
  if (done.reason === 'failed') return 1;
  if (done.reason === 'cancelled') return 130;
  return done.verdict && !done.verdict.ok ? 1 : 0;
}

/** <models folder>/<dataset>-<preset or base model>, numbered past runs that exist (the same one to resume). */
export function defaultRunDir(dataset: string, what: string, resume: boolean, root = defaultModelsRoot()): string {
  const stem = join(root, `${basename(dataset)}-${what}`);
  if (resume) return stem;
  let dir = stem;
  for (let n = 2; existsSync(dir); n++) dir = `${stem}-${n}`;
  return dir;
}
