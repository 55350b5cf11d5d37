#!/usr/bin/env node
// Layer rule the Biome config cannot express: a folder's index.ts is its public face, so code in one
// domain of src-main may import another domain only through an index (the domain's, or a sub-folder's
// that publishes a face of its own, like sim/servo-bus). (Biome enforces the other
// rules: no Node or src-main internals in src-renderer, no 'electron' outside src-main/app.)
// Test files may also reach into another domain's `testing/` folder for its test doubles.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const srcMain = join(root, 'src-main');
// Domains with rooms: each room is a domain of its own (model/engine, model/jepa, …). Rooms of one
// domain depend downward only (ARCHITECTURE.md: "four rooms that depend downward only"), in this order;
// the domain's own index.ts is its face and may gather from every room.
const ROOMED = new Set(['model']);
const ROOM_ORDER = { model: ['engine', 'jepa', 'runtime', 'trainer'] };

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(ts|tsx)$/.test(name)) yield p;
  }
}

function domainOf(abs) {
  const parts = relative(srcMain, abs).split(sep);
  if (parts[0] === '..' || parts.length < 2) return null;
  return ROOMED.has(parts[0]) && parts.length > 2 ? parts.slice(0, 2).join('/') : parts[0];
}

const importRe = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const problems = [];
for (const file of files(srcMain)) {
  const from = domainOf(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(importRe)) {
    const spec = m[1] ?? m[2];
    if (!spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec);
    const to = domainOf(target) ?? (relative(srcMain, target).split(sep).length === 1 ? relative(srcMain, target) : null);
    if (!to || to === from) continue;
    const [fromDomain, fromRoom] = (from ?? '').split('/');
    const [toDomain, toRoom] = to.split('/');
    if (ROOMED.has(toDomain) && fromDomain === toDomain) {
      const order = ROOM_ORDER[toDomain];
      const isTest = /\.test\.tsx?$/.test(file);
      // The domain face (no room) gathers from every room; tests may check rooms together.
      if (!fromRoom || isTest || order.indexOf(toRoom) < order.indexOf(fromRoom)) continue;
      const line = text.slice(0, m.index).split('\n').length;
      problems.push(`${relative(root, file)}:${line}: Bad layering. src-main/${from} may not depend on src-main/${to}: rooms of ${toDomain}/ depend downward only (${order.join(' ← ')}).`);
      continue;
    }
    const rel = relative(join(srcMain, to), target);
    const folder = target.endsWith(`${sep}index`) ? dirname(target) : target;
    const isFace = existsSync(join(folder, 'index.ts')) || existsSync(join(folder, 'index.tsx'));
    const isTestDouble = /\.test\.tsx?$/.test(file) && rel.split(sep)[0] === 'testing';
    // api/ is the contract: its files are all public.
    if (isFace || isTestDouble || to === 'api') continue;
    const line = text.slice(0, m.index).split('\n').length;
    problems.push(`${relative(root, file)}:${line}: Bad layering. "${spec}" reaches inside src-main/${to}; import a public face (a folder's index.ts, e.g. "src-main/${to}") instead.`);
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`\n${problems.length} layering problem(s).`);
  process.exit(1);
}
console.log('layers: ok');
