// Finds the robot description files shipped in resources/robots. The same code runs from source
// (vitest, tsx), from the electron-vite bundle (out/main/*.js, so module-relative paths move) and
// from a packaged app (files beside process.resourcesPath), so we look in several places and say
// where we looked when nothing is found.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCodes, PraxisError } from '../api';

/** The default robot, relative to the robots folder. */
export const SO101_MJCF = 'so101/so101.xml';
export const SO101_URDF = 'so101/so101.urdf';

export interface RobotFilesOptions {
  /**
   * A folder containing `robots/` (the repository's `resources/`, or wherever a packaged app put
   * it). Checked first; when given, nothing else is searched.
   */
  resourcesDir?: string;
}

function moduleDir(): string | undefined {
  try {
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    return undefined;
  }
}

/** `start` and its ancestors, nearest first. */
function ancestors(start: string, levels: number): string[] {
  const out: string[] = [];
  let dir = resolve(start);
  for (let i = 0; i <= levels; i++) {
    out.push(dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return out;
}

/** Folders that might hold `robots/`, most specific first. */
export function robotsDirCandidates(options: RobotFilesOptions = {}): string[] {
  if (options.resourcesDir) return [resolve(options.resourcesDir)];
  const candidates: string[] = [];
  const fromEnv = process.env.PRAXIS_RESOURCES_DIR;
  if (fromEnv) candidates.push(resolve(fromEnv));
  const electronResources = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (electronResources) candidates.push(electronResources, join(electronResources, 'resources'));
  const here = moduleDir();
  for (const base of [here, process.cwd()]) {
    if (!base) continue;
    for (const dir of ancestors(base, 6)) candidates.push(join(dir, 'resources'));
  }
  return [...new Set(candidates)];
}

/** Absolute path of a file under `robots/`, e.g. `robotFilePath('so101/so101.xml')`. */
export function robotFilePath(relative: string, options: RobotFilesOptions = {}): string {
  const tried = robotsDirCandidates(options).map((dir) => join(dir, 'robots', relative));
  const found = tried.find((path) => existsSync(path));
  if (found) return found;
  throw new PraxisError(
    ErrorCodes.SIM_ERROR,
    `Cannot find the robot file robots/${relative}.`,
    'Run Praxis Studio from its installation or repository folder, or set PRAXIS_RESOURCES_DIR to the folder that contains robots/.',
    { tried },
  );
}

/** Text of a file under `robots/`. */
export function robotFileRead(relative: string, options: RobotFilesOptions = {}): string {
  const path = robotFilePath(relative, options);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new PraxisError(
      ErrorCodes.SIM_ERROR,
      `Cannot read the robot file ${path}: ${e instanceof Error ? e.message : String(e)}`,
      'Check the file exists and is readable.',
      { path },
    );
  }
}
