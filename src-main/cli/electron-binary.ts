import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Find the Electron executable without loading the electron package, whose entry tries to download it and throws
 * where it cannot. Honours ELECTRON_OVERRIDE_DIST_PATH as the electron package does.
 */
export function findElectronBinary(root: string): string | null {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : process.platform === 'win32' ? 'electron.exe' : 'electron';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? join(override, relative) : join(pkg, 'dist', relative);
  return existsSync(candidate) ? candidate : null;
}

/** Try Electron's own one-time download (it needs the internet). Returns whether a binary exists afterwards. */
export function tryInstallElectron(root: string, timeoutMs = 180_000): boolean {
  const script = join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(script)) return false;
  const result = spawnSync(process.execPath, [script], { stdio: 'ignore', timeout: timeoutMs });
  return result.status === 0 && findElectronBinary(root) !== null;
}
