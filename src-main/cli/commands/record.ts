import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { toErrorData } from '../../api';
import { Dataset, type RecoveryReport } from '../../dataset';
import { DEFAULT_MAX_GAP_S, RECORDER_MAX_FPS, RECORDER_MIN_FPS, type RecorderEvent, sessionReport, sessionReportLines, simRigCreate } from '../../recorder';
import { SimulatedArm } from '../../sim';
import { resourcesDir } from '../paths';

const HELP = `praxis record — record teleoperated episodes into a LeRobot v3.0 dataset

Usage: praxis record --robot sim --teleop scripted --episodes N --dataset DIR [options]

  --robot sim          The robot. Only the simulated SO-101 arm records from the command line; record a
                       serial arm from the app's Record panel.
  --teleop scripted    Who operates it. "scripted" reaches, pushes the cube and explores on its own,
                       the same way every time for a given --seed. Keyboard, gamepad and leader arm
                       teleop need the app.
  --episodes N         Episodes to record.
  --dataset DIR        Dataset folder; created if new. An existing one must have the same fps and joints.
  --fps F              Control and recording rate, ${RECORDER_MIN_FPS}–${RECORDER_MAX_FPS} Hz. Default 30.
  --seconds S          Length of each episode. Default 10.
  --reset-seconds S    Pause between episodes (simulated). Default 0.
  --task TEXT          Task description stored with each episode. Default "scripted reach, push and explore".
  --seed N             Seed of the scripted operator. Default 1. Episode k of the dataset always plays the
                       same way for a given seed, so a second run adds new episodes, not repeats.
  --camera NAME        Record the sim's camera NAME ("front" or "overhead") as video, or "none". Default none.
  --camera-size WxH    Camera image size. Default 96x72.
  --realtime           Run at wall-clock speed (as a human would record) instead of as fast as possible.
                       Every frame is sampled at its own time (frame k at k/fps) from the sim's state
                       stream, also for ticks a busy machine made the loop miss; the summary says how many.
  --max-gap S          With --realtime: the longest silence of the state stream that frames are
                       interpolated across; a longer one ends the episode there and says so. Default ${DEFAULT_MAX_GAP_S}.

The scene is reset (arm home, cube back) before each episode. Ctrl-C saves the episode being recorded
and stops. Episodes a crash interrupted are finalized first.`;

function fail(message: string): number {
  console.error(`praxis record: ${message}\nRun \`praxis record --help\` for the options.`);
  return 2;
}

function parseNumber(text: string, name: string, check: (n: number) => boolean, what: string): number | string {
  const n = Number(text);
  return Number.isFinite(n) && check(n) ? n : `--${name} must be ${what}, got "${text}".`;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      robot: { type: 'string' },
      teleop: { type: 'string' },
      episodes: { type: 'string' },
      dataset: { type: 'string' },
      fps: { type: 'string', default: '30' },
      seconds: { type: 'string', default: '10' },
      'reset-seconds': { type: 'string', default: '0' },
      task: { type: 'string', default: 'scripted reach, push and explore' },
      seed: { type: 'string', default: '1' },
      camera: { type: 'string', default: 'none' },
      'camera-size': { type: 'string', default: '96x72' },
      realtime: { type: 'boolean', default: false },
      'max-gap': { type: 'string', default: String(DEFAULT_MAX_GAP_S) },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.robot !== 'sim') return fail(values.robot ? `--robot ${values.robot} cannot record from the command line; use --robot sim, or the app for a serial arm.` : 'say which robot: --robot sim.');
  if (values.teleop !== 'scripted') return fail(values.teleop ? `--teleop ${values.teleop} needs the app (keys, gamepad and leader arms are read there); use --teleop scripted.` : 'say who operates the arm: --teleop scripted.');
  if (!values.dataset) return fail('say where to record: --dataset DIR.');
  if (!values.episodes) return fail('say how many episodes: --episodes N.');
  const episodes = parseNumber(values.episodes, 'episodes', (n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1');
  const fps = parseNumber(values.fps, 'fps', (n) => n >= RECORDER_MIN_FPS && n <= RECORDER_MAX_FPS, `a rate from ${RECORDER_MIN_FPS} to ${RECORDER_MAX_FPS} Hz`);
  const seconds = parseNumber(values.seconds, 'seconds', (n) => n > 0, 'a positive number of seconds');
  const resetSeconds = parseNumber(values['reset-seconds'], 'reset-seconds', (n) => n >= 0, '0 or more seconds');
  const seed = parseNumber(values.seed, 'seed', (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0');
  const maxGapS = parseNumber(values['max-gap'], 'max-gap', (n) => n > 0, 'a positive number of seconds');
  for (const v of [episodes, fps, seconds, resetSeconds, seed, maxGapS]) if (typeof v === 'string') return fail(v);
  const size = /^(\d+)x(\d+)$/.exec(values['camera-size']);
  if (!size) return fail(`--camera-size must look like 96x72, got "${values['camera-size']}".`);
  if (!values.task.trim()) return fail('--task cannot be empty.');

  const arm = await SimulatedArm.load({ resourcesDir: resourcesDir() });
  const rig = simRigCreate(arm, {
    fps: fps as number,
    mode: values.realtime ? 'realtime' : 'stepped',
    scripted: { seed: seed as number },
    maxGapS: maxGapS as number,
    camera: values.camera === 'none' ? null : { name: values.camera, width: Number(size[1]), height: Number(size[2]) },
  });
  const root = resolve(values.dataset);
  const onSigint = () => {
    console.log('\nStopping: saving the episode being recorded…');
    rig.recorder.stop();
  };
  let dataset: Dataset | null = null;
  try {
    dataset = await Dataset.openOrCreate(root, { ...rig.recorder.datasetSpec(), robotType: 'so101_sim' });
    const recovered: RecoveryReport[] = await dataset.recover();
    for (const r of recovered) if (r.episodeIndex !== null) console.log(`Recovered an interrupted episode: ${r.frames} frames, now episode ${r.episodeIndex}.`);
    const before = dataset.episodes().length;
    console.log(`Recording ${episodes} × ${seconds} s at ${fps} Hz into ${root} (${before} episodes there already)${values.realtime ? ', in real time' : ''}.`);
    const progress = progressPrinter(episodes as number, process.stdout.isTTY === true);
    rig.recorder.onEvent(progress);
    if (values.realtime) arm.start({ publishHz: Math.max(200, fps as number) });
    process.once('SIGINT', onSigint);
    const started = performance.now();
    const summary = await rig.recorder.record({ dataset, task: values.task, episodes: episodes as number, episodeSeconds: seconds as number, resetSeconds: resetSeconds as number, resetScene: true, episodeOffset: before });
    const wallS = (performance.now() - started) / 1000;
    const frames = summary.episodes.reduce((a, e) => a + e.frames, 0);
    const simulatedS = frames / (fps as number);
    console.log(`Saved ${summary.episodes.length} episode(s), ${frames} frames, in ${wallS.toFixed(1)} s${values.realtime ? '' : ` (${(simulatedS / wallS).toFixed(1)}× real time)`}.`);
    // What happened to time: frames against seconds × fps, ticks missed or late, episodes cut at a gap.
    if (values.realtime) for (const line of sessionReportLines(sessionReport(summary, fps as number), fps as number)) console.log(`  ${line}`);
    if (summary.error) {
      console.error(`praxis record: ${summary.error.code}: ${summary.error.message}${summary.error.hint ? `\n${summary.error.hint}` : ''}`);
      return 1;
    }
    return summary.stopped ? 130 : 0;
  } catch (e) {
    const error = toErrorData(e);
    console.error(`praxis record: ${error.code}: ${error.message}${error.hint ? `\n${error.hint}` : ''}`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
    await rig.recorder.stopLoop();
    // Saves are committed; this hands back the writer lock, so no lock file outlives the command.
    await dataset?.close();
    arm.stop();
    rig.dispose();
    arm.dispose();
  }
}

/** One line per saved episode; on a terminal, a live line for the episode being recorded. */
function progressPrinter(episodes: number, tty: boolean): (event: RecorderEvent) => void {
  return (event) => {
    if (event.type === 'progress' && tty && event.status.phase === 'recording') {
      const s = event.status;
      process.stdout.write(`\r  episode ${s.episode + 1}/${episodes}: ${s.elapsedS.toFixed(1)} / ${s.durationS} s, ${s.frames} frames `);
    } else if (event.type === 'episode-saved') {
      if (tty) process.stdout.write('\r\x1b[K');
      const timing = [event.missedTicks > 0 ? `${event.missedTicks} missed ticks sampled on time` : '', event.lateTicks > 0 ? `${event.lateTicks} late ticks` : ''].filter(Boolean).join(', ');
      console.log(`  episode ${event.episode + 1}/${episodes}: ${event.frames} frames${timing ? ` (${timing})` : ''}, saved as episode ${event.datasetIndex} (finalized in ${event.finalizeMs.toFixed(0)} ms)`);
      if (event.gap) console.log(`    ended early at ${event.gap.atS.toFixed(2)} s: no state from the simulator for ${(event.gap.silentS * 1000).toFixed(0)} ms`);
    } else if (event.type === 'warning') {
      console.warn(`\n  warning: ${event.message}`);
    } else if (event.type === 'error') {
      console.error(`\n  error: ${event.error.message}`);
    }
  };
}
