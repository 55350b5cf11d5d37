// `praxis`: every capability of the studio from a terminal. Commands load lazily so `praxis ports`
// does not pay for onnxruntime or MuJoCo.

type Command = { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> };

const commands: Record<string, Command> = {
  app: { summary: 'open the desktop app (falls back to serve without Electron)', load: () => import('./commands/app') },
  serve: { summary: 'run headless and serve the UI to a browser', load: () => import('./commands/serve') },
  sim: { summary: 'serve the simulated arm on a serial port or pty, speaking Feetech or Dynamixel', load: () => import('./commands/sim') },
  ports: { summary: 'list serial ports with what is probably behind them', load: () => import('./commands/ports') },
  bus: { summary: 'servo bus tools: scan, ping, read/write registers, change ID/baud, packet monitor', load: () => import('./commands/bus') },
  robot: { summary: 'read joint states, send targets, torque on/off on a serial arm', load: () => import('./commands/robot') },
  record: { summary: 'record episodes into a LeRobot v3 dataset (scripted teleop on the sim, headless)', load: () => import('./commands/record') },
  train: { summary: 'fine-tune the JEPA world model on a dataset (presets: sim-arm, tiny)', load: () => import('./commands/train') },
  model: { summary: 'world models: info, eval (k-step error, goal ranking), export', load: () => import('./commands/model') },
  plan: { summary: 'plan with a world model toward a goal and execute closed-loop on the sim or a serial arm', load: () => import('./commands/plan') },
  bench: { summary: 'run benchmarks (train, serial, dataset, recorder, sim, world-model); ratios against same-run references', load: () => import('./commands/bench') },
  dataset: { summary: 'inspect, verify, export (MCAP), import and recover LeRobot v3 datasets', load: () => import('./commands/dataset') },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Praxis Studio — teleoperate, record, train a world model and plan, on a real or simulated arm.

Usage: praxis <command> [options]    (praxis <command> --help for its options)

Commands:
${lines.join('\n')}`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return 0;
  }
  if (name === '--version' || name === 'version') {
    const { readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { packageRoot } = await import('./paths');
    console.log(JSON.parse(await readFile(join(packageRoot(), 'package.json'), 'utf8')).version);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`praxis: unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  try {
    const module = await command.load();
    return await module.run(rest);
  } catch (e) {
    const err = e as { code?: string; message?: string; hint?: string };
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      console.error(`praxis ${name}: ${err.message}\nRun \`praxis ${name} --help\` for the options.`);
      return 2;
    }
    console.error(`praxis ${name}: ${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}${err.hint ? `\n${err.hint}` : ''}`);
    return 1;
  }
}
