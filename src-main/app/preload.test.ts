import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// A sandboxed preload can require only 'electron' (and a few Node shims): any other module, even zod
// pulled in through the contract, makes the window start without its bridge. Walk the preload's imports.
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

describe('the sandboxed preload', () => {
  it("imports nothing but 'electron' and dependency-free local files", () => {
    const seen = new Set<string>();
    const external = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of importsOf(file)) {
        if (spec.startsWith('.')) walk(resolve(dirname(file), `${spec}.ts`));
        else external.add(spec);
      }
    };
    walk(join(import.meta.dirname, 'preload.ts'));
    expect([...external]).toEqual(['electron']);
    expect(seen.size).toBeGreaterThan(1);
  });
});
