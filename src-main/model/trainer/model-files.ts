// What a training run leaves on disk. A model directory holds the card, the three ONNX models and the
// weights (parameters + BatchNorm statistics, to fine-tune from); its checkpoints/ folder holds training
// checkpoints (weights + AdamW moments + run state). Every file is written to a temporary name and renamed,
// so a crash leaves the previous file whole.
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCodes, PraxisError } from '../../api';
import { decodeSafetensors, encodeSafetensors, fileWriteAtomic } from '../engine';
import type { ExportedModels } from '../jepa/export';
import { type ModelCard, MODEL_CARD_FILE, modelCardParse, ONNX_FILES, WEIGHTS_FILE } from '../runtime/model-card';

export { WEIGHTS_FILE };
export const CHECKPOINT_DIR = 'checkpoints';
export const LAST_CHECKPOINT = 'last.safetensors';
export const BEST_CHECKPOINT = 'best.safetensors';

/** The engine's atomic write, re-exported for the trainer's files. */
export { fileWriteAtomic };

export type NamedWeights = Record<string, { shape: readonly number[]; data: Float32Array }>;

/** Write the model directory: ONNX files and weights first, the card last (a card means a complete model). */
export async function modelDirWrite(dir: string, card: ModelCard, models: ExportedModels, weights: NamedWeights): Promise<void> {
  await fileWriteAtomic(join(dir, ONNX_FILES.encoder), models.encoder);
  await fileWriteAtomic(join(dir, ONNX_FILES.predictor), models.predictor);
  await fileWriteAtomic(join(dir, ONNX_FILES.probe), models.probe);
  await fileWriteAtomic(join(dir, WEIGHTS_FILE), encodeSafetensors(weights, { format: 'praxis-jepa-weights/1' }));
  await fileWriteAtomic(join(dir, MODEL_CARD_FILE), `${JSON.stringify(card, null, 2)}\n`);
}

export async function modelCardRead(dir: string): Promise<ModelCard> {
  let text: string;
  try {
    text = await readFile(join(dir, MODEL_CARD_FILE), 'utf8');
  } catch {
    throw new PraxisError(ErrorCodes.MODEL_INCOMPATIBLE, `${dir} has no ${MODEL_CARD_FILE}`, 'Pick a folder written by praxis train (e.g. models/sim-arm).', { dir });
  }
  try {
    return modelCardParse(JSON.parse(text), join(dir, MODEL_CARD_FILE));
  } catch (e) {
    if (e instanceof PraxisError) throw e;
    throw new PraxisError(ErrorCodes.MODEL_INCOMPATIBLE, `${join(dir, MODEL_CARD_FILE)} is not valid JSON`, 'Restore the card, or export the model again.', { dir });
  }
}

/** The weights a model directory was exported from (to fine-tune it). */
export async function weightsRead(dir: string): Promise<Record<string, Float32Array>> {
  const path = join(dir, WEIGHTS_FILE);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    throw new PraxisError(ErrorCodes.CHECKPOINT_CORRUPT, `${dir} has no ${WEIGHTS_FILE} to start from`, 'Fine-tune from a model trained by praxis train; ONNX-only models can be used but not fine-tuned.', { dir });
  }
  const { tensors } = decodeSafetensors(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
  const out: Record<string, Float32Array> = {};
  for (const [name, t] of Object.entries(tensors)) {
    if (!(t.data instanceof Float32Array)) throw new PraxisError(ErrorCodes.CHECKPOINT_CORRUPT, `${path}: tensor '${name}' is not float32`, 'Export the model again.', { file: path });
    out[name] = t.data;
  }
  return out;
}

export interface CheckpointInfo {
  path: string;
  /** 'last' (resume point), 'best' (best validation score) or 'step' (a snapshot). */
  kind: 'last' | 'best' | 'step';
  step: number;
  bytes: number;
  savedAt: string;
}

/** The step stored in a checkpoint's safetensors header, read without loading the tensors. */
async function headerStep(path: string): Promise<number> {
  const fh = await open(path, 'r');
  try {
    const lenBuf = Buffer.alloc(8);
    await fh.read(lenBuf, 0, 8, 0);
    const len = Number(lenBuf.readBigUInt64LE(0));
    if (!(len > 0 && len < 64 * 1024 * 1024)) return Number.NaN;
    const head = Buffer.alloc(len);
    await fh.read(head, 0, len, 8);
    const meta = JSON.parse(head.toString('utf8')).__metadata__ ?? {};
    return Number(meta.step);
  } catch {
    return Number.NaN;
  } finally {
    await fh.close();
  }
}

/** Checkpoints of a run directory, newest step first; damaged files are listed with step NaN. */
export async function checkpointList(runDir: string): Promise<CheckpointInfo[]> {
  const dir = join(runDir, CHECKPOINT_DIR);
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.safetensors'));
  } catch {
    return [];
  }
  const out: CheckpointInfo[] = [];
  for (const f of files) {
    const path = join(dir, f);
    const s = await stat(path);
    const kind = f === LAST_CHECKPOINT ? 'last' : f === BEST_CHECKPOINT ? 'best' : 'step';
    out.push({ path, kind, step: await headerStep(path), bytes: s.size, savedAt: s.mtime.toISOString() });
  }
  return out.sort((a, b) => (b.step || 0) - (a.step || 0));
}

export function stepCheckpointName(step: number): string {
  return `step-${String(step).padStart(7, '0')}.safetensors`;
}
