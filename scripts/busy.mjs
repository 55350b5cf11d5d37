#!/usr/bin/env node
// A load generator: N processes that spin a core each for T seconds, to try the tests and benchmarks on
// a machine as busy as a user's (a browser, a training run). It stops by itself.
//
//   node scripts/busy.mjs --loops 2 --seconds 600            # load only
//   node scripts/busy.mjs --loops 2 -- npm test              # load for as long as the command runs
//
// With a command after `--` it exits with the command's status, so `busy.mjs -- npm test` can stand
// wherever `npm test` does.
import { spawn } from 'node:child_process';

function parse(argv) {
  const dash = argv.indexOf('--');
  const own = dash >= 0 ? argv.slice(0, dash) : argv;
  const command = dash >= 0 ? argv.slice(dash + 1) : [];
  const opts = { loops: 2, seconds: command.length ? 3600 : 60, command };
  for (let i = 0; i < own.length; i++) {
    const flag = own[i];
    const value = Number(own[i + 1]);
    if (flag === '--loops' || flag === '--seconds') {
      if (!Number.isFinite(value) || value <= 0) {
        console.error(`busy: ${flag} needs a positive number, got ${own[i + 1] ?? 'nothing'}`);
        process.exit(2);
      }
      opts[flag.slice(2)] = value;
      i++;
    } else if (flag === '--help' || flag === '-h') {
      console.log('node scripts/busy.mjs [--loops N] [--seconds T] [-- COMMAND ARGS…]');
      process.exit(0);
    } else {
      console.error(`busy: unknown option ${flag} (try --help)`);
      process.exit(2);
    }
  }
  return opts;
}

// One spinning child per loop: a separate process, so the load lands on the scheduler as a user's
// other programs do, not as threads this process could starve itself with.
const spinSource = (ms) => `const end = Date.now() + ${ms}; let x = 0; while (Date.now() < end) { for (let i = 0; i < 1e5; i++) x += Math.sqrt(i); }`;

const opts = parse(process.argv.slice(2));
const ms = Math.round(opts.seconds * 1000);
const spinners = Array.from({ length: opts.loops }, () =>
  spawn(process.execPath, ['-e', spinSource(ms)], { stdio: 'ignore' }),
);
const stopSpinners = () => {
  for (const s of spinners) s.kill('SIGKILL');
};
process.on('exit', stopSpinners);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    stopSpinners();
    process.exit(130);
  });
}
console.error(`busy: ${opts.loops} busy loop(s) for up to ${opts.seconds} s${opts.command.length ? ` beside: ${opts.command.join(' ')}` : ''}`);

if (opts.command.length) {
  const started = performance.now();
  const child = spawn(opts.command[0], opts.command.slice(1), { stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    stopSpinners();
    // The run's time under load, for the record a closing note keeps of each run.
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.error(`busy: ${opts.command.join(' ')} ${signal ? `killed by ${signal}` : `exited ${code}`} after ${seconds} s beside ${opts.loops} busy loop(s)`);
    process.exit(code ?? (signal ? 1 : 0));
  });
} else {
  let left = spinners.length;
  for (const s of spinners) s.on('exit', () => --left === 0 && process.exit(0));
}
