import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// An install that says nothing it need not: every dependency's install script has a decision in
// package.json's allowScripts (npm lists the undecided after every install), none of them runs (the
// onnxruntime-node one downloads CUDA libraries), and no project config npm does not know (npm
// warns about those on every `npx praxis`).
const root = join(import.meta.dirname, '..');
const readJson = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8'));

describe('the install policy', () => {
  it('decides every locked dependency that has an install script, and runs none', () => {
    const lock = readJson('package-lock.json') as {
      packages: Record<string, { hasInstallScript?: boolean }>;
    };
    const withScripts = Object.entries(lock.packages)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    const allowScripts = (readJson('package.json') as { allowScripts?: Record<string, boolean> }).allowScripts ?? {};
    expect(withScripts).toContain('onnxruntime-node');
    for (const name of withScripts) expect(allowScripts[name], `allowScripts has no decision for ${name}`).toBe(false);
  });

  it('gives npm no project config it does not know', () => {
    // npm's own parser is the judge: any npm command prints its warnings about the project's .npmrc.
    const npm = spawnSync('npm', ['config', 'get', 'registry'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(npm.status).toBe(0);
    expect(npm.stderr).not.toMatch(/Unknown \w+ config/);
  });
});
