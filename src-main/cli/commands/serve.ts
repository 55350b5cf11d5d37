import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '../../server';
import { createStudio, studioConnectSim } from '../../studio';
import { openBrowser } from '../open-browser';
import { builtRendererDir, packageRoot, resourcesDir } from '../paths';

const HELP = `praxis serve — run the studio headless and serve its UI to a browser

Usage: praxis serve [--host 127.0.0.1] [--port 8765] [--no-open] [--no-sim]

  --host H     Address to listen on. Default 127.0.0.1 (this machine only). Use 0.0.0.0 on purpose
               to reach the studio from another computer, e.g. a robot's onboard computer.
  --port P     TCP port. Default 8765; 0 picks a free one.
  --no-open    Do not open a browser.
  --no-sim     Start with no robot connected (by default the simulated arm is connected at start).
  --token T    Use this session token instead of a random one (for scripted clients).
  --data-dir D Folder of datasets (default: $PRAXIS_DATA_DIR or ~/PraxisStudio/datasets).
  --config-dir D  Folder of custom robot profiles (default: $PRAXIS_CONFIG_DIR or ~/PraxisStudio/config).
  --models-dir D  Folder of training runs (default: $PRAXIS_MODELS_DIR or ~/PraxisStudio/models).

The printed URL carries a per-launch token; other pages on this machine cannot drive the robot.`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8765' },
      'no-open': { type: 'boolean', default: false },
      'no-sim': { type: 'boolean', default: false },
      token: { type: 'string' },
      'data-dir': { type: 'string' },
      'config-dir': { type: 'string' },
      'models-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`praxis serve: --port must be a number from 0 to 65535, got "${values.port}".`);
    return 2;
  }
  const version = JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(join(packageRoot(), 'package.json'), 'utf8'))).version as string;
  const rendererDir = builtRendererDir();
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.warn('praxis serve: the UI is not built yet, serving the API only. Run `npm run build` first to get the UI.');
  }
  const studio = createStudio({ shell: 'server', version, resourcesDir: resourcesDir(), dataRoot: values['data-dir'] ? resolve(values['data-dir']) : undefined,
    configRoot: values['config-dir'] ? resolve(values['config-dir']) : undefined,
    modelsRoot: values['models-dir'] ? resolve(values['models-dir']) : undefined,
    shippedModels: join(packageRoot(), 'models'),
  });
  // Connected before the first page can load, so a browser never sees the robot appear under it.
  if (!values['no-sim']) {
    const failed = await studioConnectSim(studio);
    if (failed) console.warn(`praxis serve: the simulated arm did not start (${failed.code}: ${failed.message}). ${failed.hint ?? ''}`.trim());
  }
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(studio, { host: values.host, port, rendererDir, token: values.token });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') console.error(`praxis serve: port ${port} is in use. Another studio may be running; pick another with --port, or --port 0.`);
    else if (code === 'EADDRNOTAVAIL') console.error(`praxis serve: this machine has no address ${values.host}. Use 127.0.0.1 or 0.0.0.0.`);
    else console.error(`praxis serve: cannot listen: ${(e as Error).message}`);
    return 1;
  }
  if (values.host !== '127.0.0.1' && values.host !== 'localhost' && values.host !== '::1') {
    console.warn(`praxis serve: listening on ${values.host}: anyone on this network who has the URL with its token can drive the robot.`);
  }
  console.log(`Praxis Studio is running at ${server.openUrl}`);
  if (!values['no-open'] && openBrowser(server.openUrl)) console.log('Opened it in your browser.');

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await studio.shutdown();
  await server.close();
  return 0;
}
