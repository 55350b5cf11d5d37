// Regenerates src-main/model/engine/optim/fixtures/adamw-mlp.json: one AdamW reference job and the
// trajectory torch.optim.AdamW follows on it. Run: npx tsx bench/torch/make-adamw-fixture.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AdamwTrajectory, makeAdamwJob } from '../../src-main/model/engine/optim/reference-job';
import { runTorchScript, TORCH_DIR } from './python';

const job = makeAdamwJob(2024);
const torch = runTorchScript<AdamwTrajectory & { torch: string }>('adamw_reference.py', job, { OMP_NUM_THREADS: '1' });
const file = join(TORCH_DIR, '../../src-main/model/engine/optim/fixtures/adamw-mlp.json');
writeFileSync(file, `${JSON.stringify({ generatedBy: `torch ${torch.torch} torch.optim.AdamW`, job, expected: { losses: torch.losses, grad_norms: torch.grad_norms, params: torch.params } })}\n`);
console.log(`wrote ${file}: ${job.batches.length} steps, losses ${torch.losses.map((l) => l.toFixed(4)).join(' ')}`);
console.log(`grad norms ${torch.grad_norms.map((l) => l.toFixed(3)).join(' ')} (clip at ${job.clip_norm})`);
