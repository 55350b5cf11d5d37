// The world model's two speed goals: fine-tuning the shipped base model on 50 new episodes (goal ≤ 10 min on
// 2 cores), and batched latent rollouts for the planner (candidates × steps per second).
// Run: npx tsx bench/world-model.bench.ts [--episodes 50] [--model models/sim-arm] [--gain 0.5]
//
// The new episodes come from an arm that is not the base model's: the same sim with its servos' position gain
// scaled by --gain (0.5: half as stiff, as LeRobot configures STS3215s), because 50 more episodes of the arm
// the base model already knows teach it nothing (measured: the fine-tune then exports the base model). Both
// models are then scored on 60 further episodes of that arm, which neither saw.
//
// References, measured in the same run: the 10-minute goal for fine-tuning; for rollouts, the same
// candidates × steps through the least-squares linear-dynamics baseline in plain JS (the cheapest model one
// could plan with), so the ratio says what the JEPA's predictor costs on this machine, however busy it is.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateModelOnDataset, recordSimEpisodes, TrainingRun, type TrainingFinished, WorldModel } from '../src-main/model';
import { linearDynamicsStep } from '../src-main/model/trainer/baselines';

const { values } = parseArgs({
  options: { episodes: { type: 'string', default: '50' }, model: { type: 'string', default: 'models/sim-arm' }, gain: { type: 'string', default: '0.5' }, 'skip-finetune': { type: 'boolean', default: false } },
});
const modelDir = resolve(values.model);
const GOAL_SECONDS = 600;

const fmt = (n: number, d = 4) => n.toFixed(d);

// ---- batched rollouts ----------------------------------------------------------------------------------------
const wm = await WorldModel.load(modelDir, { threads: 2 });
const { obsDim, actDim, latentDim } = wm.card.dims;
console.log(`model ${wm.card.name}: obs ${obsDim}, act ${actDim}×${wm.frameskip}, latent ${latentDim}, history ${wm.history}, predictor batch ${wm.predictorBatch ?? 'dynamic'}`);
const horizon = 10;
const obs = new Float32Array(obsDim).fill(0);
wm.card.normaliser.obsMean.forEach((m, i) => {
  obs[i] = m;
});
const z = await wm.encode(obs);
for (const n of [64, 256, 1024]) {
  const cand = new Float32Array(n * horizon * wm.blockDim);
  for (let i = 0; i < cand.length; i++) cand[i] = wm.card.normaliser.actMean[i % actDim] + 0.3 * Math.sin(i * 0.37);
  await wm.rollout({ latents: z }, cand, horizon); // warm-up
  let reps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 2000 || reps < 3) {
    await wm.rollout({ latents: z }, cand, horizon);
    reps++;
  }
  const secs = (performance.now() - t0) / 1000;
  const jepa = (reps * n * horizon) / secs;

  // Reference: the linear model over the same candidates × steps in plain JS.
  const p = obsDim + wm.blockDim + 1;
  const lin = { obsDim, blockDim: wm.blockDim, weights: Float64Array.from({ length: p * obsDim }, (_, i) => Math.sin(i) * 0.01) };
  const cur = new Float64Array(obsDim);
  const next = new Float64Array(obsDim);
  let lreps = 0;
  const t1 = performance.now();
  while (performance.now() - t1 < 1000 || lreps < 3) {
    for (let c = 0; c < n; c++) {
      cur.fill(0);
      for (let s = 0; s < horizon; s++) {
        linearDynamicsStep(lin, cur, cand.subarray((c * horizon + s) * wm.blockDim, (c * horizon + s + 1) * wm.blockDim), next);
        cur.set(next);
      }
    }
    lreps++;
  }
  const linear = (lreps * n * horizon) / ((performance.now() - t1) / 1000);
  console.log(
    `rollout ${String(n).padStart(4)} candidates × ${horizon} steps: ${fmt((secs / reps) * 1000, 1)} ms per rollout, ${Math.round(jepa).toLocaleString()} candidate-steps/s (linear JS reference ${Math.round(linear).toLocaleString()}/s, ratio ${fmt(jepa / linear, 3)})`,
  );
}
await wm.dispose();

// ---- fine-tuning on new episodes -----------------------------------------------------------------------------
if (!values['skip-finetune']) {
  const work = await mkdtemp(join(tmpdir(), 'praxis-finetune-'));
  try {
    const episodes = Number(values.episodes);
    const positionGainScale = Number(values.gain);
    const dataset = join(work, 'new-episodes');
    const unseen = join(work, 'unseen-episodes');
    const g0 = performance.now();
    await recordSimEpisodes(dataset, { episodes, seed: 20260, positionGainScale });
    await recordSimEpisodes(unseen, { episodes: 60, seed: 31337, positionGainScale });
    console.log(`recorded ${episodes} new scripted episodes and 60 unseen ones, servo gain ×${positionGainScale}, in ${fmt((performance.now() - g0) / 1000, 1)} s (not part of the fine-tune time)`);
    const t0 = performance.now();
    let lastProgress = '';
    const tuned = join(work, 'finetuned');
    const run = new TrainingRun({ dataset, out: tuned, init: modelDir, threads: 2 }, (e) => {
      if (e.type === 'progress') lastProgress = `${e.step}/${e.totalSteps} at ${e.samplesPerSecond.toFixed(0)} samples/s`;
    });
    const done = (await run.run()) as TrainingFinished;
    const secs = (performance.now() - t0) / 1000;
    if (done.error) throw new Error(`${done.error.code}: ${done.error.message}`);
    console.log(`fine-tune on ${episodes} episodes: ${fmt(secs, 1)} s (${done.reason}, steps ${lastProgress}); goal ${GOAL_SECONDS} s, ratio ${fmt(secs / GOAL_SECONDS, 3)}`);
    // Linear dynamics is fitted on the unseen episodes themselves: a bar the models, which never saw them, must clear.
    const before = await evaluateModelOnDataset(modelDir, unseen, { split: 'all' });
    const after = await evaluateModelOnDataset(tuned, unseen, { split: 'all' });
    const row = (name: string, r: { model: number[]; noChange: number[]; linear: number[] }) =>
      `${name.padEnd(7)} k=${before.k.join('/')}: model ${r.model.map((v) => fmt(v)).join(' / ')}  no change ${r.noChange.map((v) => fmt(v)).join(' / ')}  linear ${r.linear.map((v) => fmt(v)).join(' / ')}`;
    console.log(`scored on ${after.windows} windows of the unseen episodes:`);
    console.log(row('base', before));
    console.log(row('tuned', after));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
