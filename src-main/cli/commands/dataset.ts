// `praxis dataset info|verify|export|import|recover` — the dataset store from a terminal.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isPraxisError, toErrorData } from '../../api';
import { Dataset, exportEpisodeMcap, importLeRobotDataset, summarizeDataset, verifyDataset } from '../../dataset';

const HELP = `praxis dataset — inspect, check, import and export LeRobotDataset v3.0 directories

Usage:
  praxis dataset info DIR [--episodes] [--json]       totals, tasks, outcomes, per-joint ranges
  praxis dataset verify DIR [--no-videos] [--json]    check everything LeRobot relies on; exit 1 on errors
  praxis dataset export DIR --episode N --out F.mcap  one episode as MCAP (Foxglove, Rerun)
  praxis dataset import SRC DST [--force] [--json]    copy a LeRobot v3.0 dataset in after verifying it
  praxis dataset recover DIR [--json]                 finalize episodes a crash left in .praxis/recording

  --json       machine-readable output on stdout
  Ctrl-C cancels a long operation; nothing partial is left behind.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      episodes: { type: 'boolean', default: false },
      'no-videos': { type: 'boolean', default: false },
      episode: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [sub, ...args] = positionals;
  if (values.help || !sub) {
    console.log(HELP);
    return values.help ? 0 : 2;
  }
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const progress = values.json || !process.stderr.isTTY ? undefined : (done: number, total: number, what: string) => {
    process.stderr.write(`\r${Math.round((100 * done) / Math.max(total, 1))}% ${what}`.padEnd(60).slice(0, 80));
  };
  const out = (human: string, data: unknown) => console.log(values.json ? JSON.stringify(data, null, 2) : human);
  try {
    switch (sub) {
      case 'info':
        return await info(need(args, 1, sub)[0], values.episodes, out, controller.signal);
      case 'verify': {
        const dir = resolve(need(args, 1, sub)[0]);
        const problems = await verifyDataset(dir, { videos: !values['no-videos'], onProgress: progress, signal: controller.signal });
        if (progress) process.stderr.write('\n');
        const errors = problems.filter((p) => p.severity === 'error').length;
        out(
          problems.length
            ? `${problems.map((p) => `${p.severity === 'error' ? 'ERROR' : 'warn '} ${p.code} ${p.file ?? ''}: ${p.message}${p.fix ? `\n      fix: ${p.fix}` : ''}`).join('\n')}\n${errors} error(s), ${problems.length - errors} warning(s)`
            : `${dir}: OK, a valid LeRobotDataset v3.0`,
          { ok: errors === 0, problems },
        );
        return errors ? 1 : 0;
      }
      case 'export': {
        const dir = resolve(need(args, 1, sub)[0]);
        const episode = Number(values.episode);
        if (!Number.isInteger(episode) || !values.out) {
          console.error('praxis dataset export: give --episode N and --out FILE.mcap');
          return 2;
        }
        const ds = await Dataset.open(dir);
        const { messages } = await exportEpisodeMcap(ds, episode, resolve(values.out), { onProgress: progress, signal: controller.signal });
        if (progress) process.stderr.write('\n');
        out(`wrote ${values.out}: episode ${episode}, ${messages} messages`, { file: resolve(values.out), episode, messages });
        return 0;
      }
      case 'import': {
        const [src, dst] = need(args, 2, sub).map((p) => resolve(p));
        const { dataset, problems } = await importLeRobotDataset(src, dst, { force: values.force, onProgress: progress, signal: controller.signal });
        if (progress) process.stderr.write('\n');
        const i = dataset.info();
        out(`imported ${src} → ${dst}: ${i.total_episodes} episodes, ${i.total_frames} frames${problems.length ? ` (${problems.length} verification notes; run verify)` : ''}`, { dir: dst, info: i, problems });
        return 0;
      }
      case 'recover': {
        const ds = await Dataset.open(resolve(need(args, 1, sub)[0]));
        const reports = await ds.recover({ onProgress: progress, signal: controller.signal });
        if (progress) process.stderr.write('\n');
        out(
          reports.length
            ? reports.map((r) => `${r.log}: ${r.episodeIndex === null ? 'empty, removed' : `episode ${r.episodeIndex}, ${r.frames} frames${r.tornBytes ? `, ${r.tornBytes} torn bytes skipped` : ''}${r.alreadyCommitted ? ' (already saved)' : ''}`}`).join('\n')
            : 'nothing to recover',
          reports,
        );
        return 0;
      }
      default:
        console.error(`praxis dataset: unknown subcommand "${sub}".\n\n${HELP}`);
        return 2;
    }
  } catch (e) {
    if (!isPraxisError(e)) throw e;
    const d = toErrorData(e);
    if (values.json) console.log(JSON.stringify({ error: d }, null, 2));
    else console.error(`praxis dataset ${sub}: ${d.code}: ${d.message}${d.hint ? `\n${d.hint}` : ''}`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function need(args: string[], n: number, sub: string): string[] {
  if (args.length < n) {
    throw Object.assign(new Error(`praxis dataset ${sub} needs ${n === 1 ? 'a directory' : 'SRC and DST'}; see --help`), { code: 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' });
  }
  return args.slice(0, n);
}

async function info(dirArg: string, withEpisodes: boolean, out: (h: string, d: unknown) => void, signal: AbortSignal): Promise<number> {
  const ds = await Dataset.open(resolve(dirArg));
  const s = await summarizeDataset(ds, { signal });
  const i = ds.info();
  const cams = ds.cameraNames();
  const lines = [
    `${ds.root}`,
    `  LeRobotDataset ${i.codebase_version}, robot ${i.robot_type ?? '?'}, ${i.fps} fps${cams.length ? `, cameras ${cams.join(', ')}` : ''}`,
    `  ${s.episodes} episodes, ${s.frames} frames, ${(s.hours * 60).toFixed(1)} min`,
    `  outcomes: ${s.success.succeeded} success, ${s.success.failed} failure, ${s.success.unmarked} unmarked`,
    `  tasks: ${s.tasks.map((t) => JSON.stringify(t)).join(', ') || '-'}`,
    ...(Object.keys(s.tags).length ? [`  tags: ${Object.entries(s.tags).map(([t, n]) => `${t} (${n})`).join(', ')}`] : []),
    '  joint ranges:',
    ...s.joints.map((j) => `    ${j.feature.padEnd(18)} ${j.joint.padEnd(16)} [${j.min.toFixed(3)}, ${j.max.toFixed(3)}]  mean ${j.mean.toFixed(3)} ± ${j.std.toFixed(3)}  ${j.unit.padEnd(11)} ${sparkline(j.histogram.counts)}`),
    ...(withEpisodes ? ['  episodes:', ...ds.episodes().map((e) => `    ${String(e.index).padStart(4)}  ${e.length} frames  ${e.durationS.toFixed(2)} s  ${e.success === null ? '' : e.success ? '✓' : '✗'} ${e.tasks.join('; ')}${e.tags.length ? ` [${e.tags.join(', ')}]` : ''}`)] : []),
  ];
  out(lines.join('\n'), { info: i, summary: s, episodes: withEpisodes ? ds.episodes() : undefined });
  return 0;
}

function sparkline(counts: number[]): string {
  const bars = '▁▂▃▄▅▆▇█';
  const max = Math.max(...counts, 1);
  return counts.map((c) => bars[Math.min(7, Math.floor((c / max) * 7.999))]).join('');
}
