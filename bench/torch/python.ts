// Finding a Python with PyTorch for the reference checks. Debian's python3-torch lives in /usr/bin/python3,
// which a pyenv or venv python3 earlier on PATH does not see, so that one is tried first.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TORCH_DIR = dirname(fileURLToPath(import.meta.url));

let cached: string | null | undefined;

/** A python executable that can import torch, or null. PRAXIS_PYTHON overrides the search. */
export function findTorchPython(): string | null {
  if (cached !== undefined) return cached;
  const candidates = [process.env.PRAXIS_PYTHON, '/usr/bin/python3', 'python3'].filter((c): c is string => !!c);
  cached = null;
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 });
    if (r.status === 0) {
      cached = py;
      break;
    }
  }
  return cached;
}

/** Run a script from bench/torch with a JSON job on stdin; returns its JSON stdout. */
export function runTorchScript<T>(script: string, job: unknown, env: Record<string, string> = {}): T {
  const py = findTorchPython();
  if (!py) throw new Error('python3-torch is not installed (apt-get install python3-torch libopenblas0-openmp)');
  const r = spawnSync(py, [join(TORCH_DIR, script)], {
    input: JSON.stringify(job),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, ...env },
    timeout: 600_000,
  });
  if (r.status !== 0) throw new Error(`${script} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
