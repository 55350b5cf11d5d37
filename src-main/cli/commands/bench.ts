import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../paths';

/** `praxis bench [NAME…]`: the same benchmarks as `npm run bench`, printing figures against references measured in the same run. */
export async function run(argv: string[]): Promise<number> {
  const root = packageRoot();
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'bench.mjs'), ...argv], { stdio: 'inherit', cwd: root });
  return r.status ?? 1;
}
