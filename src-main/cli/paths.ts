import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout (or installed package) root: the folder holding package.json above this file. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'resources'))) return dir;
    dir = resolve(dir, '..');
  }
  return process.cwd();
}

export const resourcesDir = (): string => join(packageRoot(), 'resources');
export const builtRendererDir = (): string => join(packageRoot(), 'out', 'renderer');
