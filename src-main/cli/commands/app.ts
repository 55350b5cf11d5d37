import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findElectronBinary, tryInstallElectron } from '../electron-binary';
import { packageRoot } from '../paths';
import { run as serve } from './serve';

const HELP = `praxis app — open the desktop app (Electron) on the simulated arm

Usage: praxis app [serve options]

Where the Electron binary is missing and cannot be downloaded, it says so and runs \`praxis serve\`
instead, with the same options.`;

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  const root = packageRoot();
  let binary = findElectronBinary(root);
  if (!binary && !process.env.CI) binary = tryInstallElectron(root) ? findElectronBinary(root) : null;
  if (!binary) {
    console.log('Electron is not available on this machine (its binary could not be downloaded); starting the studio in your browser instead.');
    return serve(argv);
  }
  if (!existsSync(join(root, 'out', 'main', 'index.js')) && !existsSync(join(root, 'out', 'main', 'index.mjs'))) {
    console.error('praxis app: the app is not built. Run `npm run build` (or `npm start`, which builds first).');
    return 1;
  }
  const child = spawn(binary, [root], { stdio: 'inherit' });
  return new Promise((resolve) => {
    child.on('exit', (code) => resolve(code ?? 1));
    child.on('error', (e) => {
      console.log(`Electron failed to start (${e.message}); starting the studio in your browser instead.`);
      resolve(serve(argv));
    });
  });
}
