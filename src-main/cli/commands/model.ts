// `praxis model info|eval|export`: look at, score and re-export world models from a terminal.
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type EvalReport, evaluateModelOnDataset, exportCheckpoint, modelCardRead, modelJointUnit, ONNX_FILES } from '../../model';

const HELP = `praxis model — inspect, evaluate and export JEPA world models

Usage:
  praxis model info DIR [--json]
      What the model reads and writes, its sizes, training recipe and metrics (from model-card.json).
  praxis model eval DIR --dataset DS [--split validation|all] [--k 1,5,10] [--json]
      k-step prediction error in joint units beside the "no change" and linear-dynamics baselines,
      collapse diagnostics (per-dimension std, effective rank, SIGReg, straightness), and the Spearman
      correlation of latent distance to the goal with steps to go along successful demonstrations.
      --split validation (default) scores the episodes training held out (same seed and fraction).
      Errors are in the dataset's joint units (radians for Praxis's data, degrees for a LeRobot arm).
      The linear baseline never sees the episodes it is scored on: it is fitted on the other episodes
      (with --split all, cross-fitted over 5 folds).
  praxis model export --checkpoint FILE --out DIR [--json]
      Write encoder.onnx, predictor.onnx, probe.onnx, weights and a card from a training checkpoint.

  --json       machine-readable output on stdout`;

function fmt(n: number, d = 4): string {
  return Number.isFinite(n) ? n.toFixed(d) : String(n);
}

/** The unit of a report's joint errors as words; a report from before units were kept is in radians. */
export function jointUnitName(unit: string | undefined): string {
  const u = unit ?? 'rad';
  return u === 'deg' ? 'degrees' : u === 'rad' ? 'rad' : u === 'unknown' ? 'units unknown' : u;
}

export function evalReportText(r: EvalReport): string {
  const u = jointUnitName(r.unit);
  const lines = [`${r.windows} ${r.split} windows, step ${r.step}`, `k-step mean absolute joint error (${u}); anchored = decoded from the current pose:`, '   k     model    anchored  no change     linear'];
  r.k.forEach((k, i) => {
    lines.push(`${String(k).padStart(4)}  ${fmt(r.model[i]).padStart(8)}  ${fmt(r.modelAnchored[i]).padStart(10)}  ${fmt(r.noChange[i]).padStart(9)}  ${fmt(r.linear[i]).padStart(9)}`);
  });
  lines.push(`probe floor (decode the current latent): ${fmt(r.probeError)} ${u}`);
  lines.push(`one-step latent MSE: ${fmt(r.latentMse)}`);
  const c = r.collapse;
  lines.push(`latents: effective rank ${c.effectiveRank.toFixed(2)} of ${c.dim}, min std ${fmt(c.minStd, 3)}, SIGReg ${fmt(c.sigreg, 2)}, straightness ${fmt(c.straightness, 3)}`);
  lines.push(r.goal ? `goal ranking: Spearman ρ(latent distance to goal, steps to go) mean ${fmt(r.goal.mean, 3)}, median ${fmt(r.goal.median, 3)} over ${r.goal.episodes} successful demonstrations (${(100 * r.goal.shareAbove05).toFixed(0)}% above 0.5)` : 'goal ranking: no successful demonstrations in this split (mark them in the Episodes panel)');
  return lines.join('\n');
}

async function info(dir: string, json: boolean): Promise<number> {
  const card = await modelCardRead(dir);
  const files: Record<string, number | null> = {};
  for (const f of [...Object.values(ONNX_FILES), 'weights.safetensors']) files[f] = await stat(join(dir, f)).then((s) => s.size).catch(() => null);
  if (json) {
    console.log(JSON.stringify({ ...card, files }));
    return 0;
  }
  const d = card.dims;
  const sizes = card.sizes as { parameters?: Record<string, number> } | undefined;
  console.log(`${card.name}: ${card.description ?? ''}`);
  console.log(`reads ${d.obsDim} observation values (${card.obsNames.join(', ')})`);
  console.log(`joint units: ${jointUnitName(modelJointUnit(card))}${card.units ? '' : ' (card predates units: Praxis data)'}`);
  console.log(`acts with ${d.actDim} values per frame, in blocks of ${d.frameskip} frames at ${card.fps} fps; history ${d.history}; latent ${d.latentDim}`);
  if (sizes?.parameters) console.log(`parameters: ${Object.entries(sizes.parameters).map(([k, v]) => `${k} ${v.toLocaleString()}`).join(', ')}`);
  console.log(`files: ${Object.entries(files).map(([f, b]) => `${f} ${b === null ? 'missing' : `${(b / 1024).toFixed(0)} KiB`}`).join(', ')}`);
  if (card.metrics) console.log(evalReportText(card.metrics as EvalReport));
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dataset: { type: 'string' },
      split: { type: 'string', default: 'validation' },
      k: { type: 'string' },
      checkpoint: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [sub, dirArg] = positionals;
  if (values.help || !sub) {
    console.log(HELP);
    return values.help ? 0 : 2;
  }
  if (sub === 'info') {
    if (!dirArg) return usage('info needs a model directory');
    return info(resolve(dirArg), values.json);
  }
  if (sub === 'eval') {
    if (!dirArg || !values.dataset) return usage('eval needs a model directory and --dataset');
    if (values.split !== 'validation' && values.split !== 'all') return usage(`--split must be validation or all, got "${values.split}"`);
    const k = values.k?.split(',').map(Number);
    if (k?.some((x) => !Number.isInteger(x) || x < 1)) return usage(`--k must be whole numbers ≥ 1, e.g. 1,5,10; got "${values.k}"`);
    const report = await evaluateModelOnDataset(resolve(dirArg), resolve(values.dataset), { split: values.split, k });
    console.log(values.json ? JSON.stringify(report) : evalReportText(report));
    return 0;
  }
  if (sub === 'export') {
    if (!values.checkpoint || !values.out) return usage('export needs --checkpoint and --out');
    const card = await exportCheckpoint(resolve(values.checkpoint), resolve(values.out));
    console.log(values.json ? JSON.stringify({ out: resolve(values.out), name: card.name, dims: card.dims }) : `exported ${card.name} to ${resolve(values.out)}`);
    return 0;
  }
  return usage(`unknown subcommand "${sub}"`);
}

function usage(message: string): number {
  console.error(`praxis model: ${message}.\nRun \`praxis model --help\` for the options.`);
  return 2;
}
