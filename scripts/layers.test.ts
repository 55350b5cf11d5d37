import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The house rules are enforced by the linter, not by goodwill: these probes put forbidden imports
// where they are forbidden and check that `npm run lint`'s tools fail on them.
const root = join(import.meta.dirname, '..');
const probes: string[] = [];

function probe(relDir: string, source: string): string {
  const dir = join(root, relDir, '__layer_probe__');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'probe.ts');
  writeFileSync(file, source);
  probes.push(dir);
  return file;
}

function biome(file: string): { ok: boolean; output: string } {
  try {
    const output = execFileSync(join(root, 'node_modules', '.bin', 'biome'), ['lint', file], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

afterAll(() => {
  for (const dir of probes) rmSync(dir, { recursive: true, force: true });
});

describe('layer rules', () => {
  it('fails when src-renderer imports a Node built-in', () => {
    const r = biome(probe('src-renderer', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n"));
    expect(r.ok).toBe(false);
    expect(r.output).toContain('Bad layering');
  });

  it('fails when src-renderer imports src-main internals, and allows the api contract', () => {
    const bad = biome(probe('src-renderer', "import { SimSource } from '../../src-main/studio';\nexport const s = SimSource;\n"));
    expect(bad.ok).toBe(false);
    expect(bad.output).toContain('may import only src-main/api');
    const good = biome(probe('src-renderer', "import { ErrorCodes } from '../../src-main/api';\nexport const c = ErrorCodes;\n"));
    expect(good.ok).toBe(true);
  });

  it("fails when a file outside src-main/app imports 'electron', and allows it in app/", () => {
    const bad = biome(probe('src-main/studio', "import { app } from 'electron';\nexport const a = app;\n"));
    expect(bad.ok).toBe(false);
    expect(bad.output).toContain('Only src-main/app may import electron');
    const good = biome(probe('src-main/app', "import { app } from 'electron';\nexport const a = app;\n"));
    expect(good.ok).toBe(true);
  });

  it('fails when one domain reaches past another domain’s index.ts', () => {
    probe('src-main/server', "import { SimSource } from '../../studio/sim-source';\nexport const s = SimSource;\n");
    let failed = false;
    let output = '';
    try {
      execFileSync(process.execPath, [join(root, 'scripts', 'check-layers.mjs')], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      failed = true;
      output = String((e as { stderr?: string }).stderr);
    }
    expect(failed).toBe(true);
    expect(output).toContain('src-main/server/__layer_probe__/probe.ts:1: Bad layering');
  });
});
