// Exported graphs against the reference ONNX checker (Debian python3-onnx), which validates structure, the
// opset and full shape inference: what "loadable by any ONNX runtime" needs beyond onnxruntime accepting it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TORCH_DIR } from '../../../../bench/torch/python';
import { buildMlp } from '../examples/mlp';
import { buildTransformerBlock } from '../examples/transformer-block';
import { GraphBuilder } from '../graph/builder';
import { assembleTrainStep } from './train-step';
import { buildTrainStep } from './trainer';

const python = ['/usr/bin/python3', 'python3'].find((py) => spawnSync(py, ['-c', 'import onnx'], { timeout: 60_000 }).status === 0);

function check(files: string[]): { file: string; ok: boolean; error?: string; opset?: number }[] {
  const r = spawnSync(python as string, [join(TORCH_DIR, 'onnx_check.py'), ...files], { encoding: 'utf8', timeout: 120_000 });
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l));
}

describe.skipIf(!python)(`exports pass the ONNX reference checker (${python ? 'python3-onnx found' : 'SKIPPED: python3-onnx not installed'})`, () => {
  it('inference exports and training-step graphs of the MLP, the transformer block and a dropout + batch-norm model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'praxis-onnx-'));
    const files: string[] = [];
    const save = (name: string, bytes: Uint8Array) => {
      const f = join(dir, `${name}.onnx`);
      writeFileSync(f, bytes);
      files.push(f);
    };
    const mlp = buildMlp({ batch: 4, widths: [3, 8, 2] });
    const mlpTrainer = await buildTrainStep(mlp.g);
    save('mlp-inference', mlpTrainer.exportInference({ pred: mlp.pred }));
    save('mlp-step', mlpTrainer.layout.model.bytes);

    const block = buildTransformerBlock({ batch: 2, tokens: 4, dim: 8, heads: 2, condDim: 3 });
    save('block-step', assembleTrainStep(block.g).model.bytes);

    const g = new GraphBuilder('regularised');
    const x = g.input('x', [6, 4]);
    const w = g.param('w', [4, 4]);
    const y = g.dropout(g.batchNorm(g.matmul(x, w), 'bn'), 0.2, 'drop');
    g.loss('l', g.reduceMean(g.square(y)));
    const t = await buildTrainStep(g);
    save('regularised-inference', t.exportInference({ y }));
    save('regularised-step', t.layout.model.bytes);

    const results = check(files);
    expect(results).toHaveLength(files.length);
    for (const r of results) expect(r, r.error).toMatchObject({ ok: true, opset: 17 });
  });
});
if (!python) console.warn('export.test: python3-onnx not found; apt-get install python3-onnx to run the ONNX checker test.');
