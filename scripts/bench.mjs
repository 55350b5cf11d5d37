#!/usr/bin/env node
// `npm run bench -- NAME…` runs bench/NAME.bench.ts (all of them without a name). Benchmarks print
// figures and ratios against a reference measured in the same run; they never gate the tests.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const available = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const args = process.argv.slice(2);
const wanted = args.filter((a) => !a.startsWith('-'));
const passThrough = args.filter((a) => a.startsWith('-'));
if (args.includes('--help') || args.includes('-h') || wanted.includes('help')) {
  console.log(`npm run bench -- [${available.join('|')}…] [options passed to each bench]

Runs bench/NAME.bench.ts (every benchmark without a name). Each prints its figures beside a reference
measured in the same run; they never gate the tests.`);
  process.exit(0);
}
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${available.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const name of wanted.length ? wanted : available) {
  console.log(`\n=== bench: ${name} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', `${name}.bench.ts`), ...passThrough], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
