// Training checkpoints: parameters, AdamW moments, buffers, step and config in one safetensors file,
// written atomically (temp file, fsync, rename) so a crash mid-write never leaves a half checkpoint.
import { crc32 } from 'node:zlib';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { ErrorCodes, PraxisError } from '../../../api';
import type { FloatArray } from '../graph/dtype';
import { decodeSafetensors, encodeSafetensors, type StArray } from './safetensors';

export const CHECKPOINT_FORMAT = 'praxis-checkpoint/1';

export interface CheckpointState {
  graph: string;
  step: number;
  seed: number;
  /** Free-form run configuration (model sizes, schedule…), stored as JSON. */
  config: unknown;
  params: Record<string, { shape: readonly number[]; data: FloatArray }>;
  adamM: Record<string, FloatArray>;
  adamV: Record<string, FloatArray>;
  buffers: Record<string, { shape: readonly number[]; data: FloatArray }>;
}

export function encodeCheckpoint(s: CheckpointState): Uint8Array {
  const tensors: Record<string, { shape: readonly number[]; data: StArray }> = {};
  for (const [name, p] of Object.entries(s.params)) {
    tensors[`params/${name}`] = p;
    tensors[`adam_m/${name}`] = { shape: p.shape, data: s.adamM[name] };
    tensors[`adam_v/${name}`] = { shape: p.shape, data: s.adamV[name] };
  }
  for (const [name, b] of Object.entries(s.buffers)) tensors[`buffers/${name}`] = b;
  const body = encodeSafetensors(tensors, {});
  // The data checksum goes in the metadata; encode once to learn the data bytes, then again with it.
  const headLen = Number(new DataView(body.buffer).getBigUint64(0, true));
  const checksum = crc32(body.subarray(8 + headLen)).toString(16);
  const metadata = { format: CHECKPOINT_FORMAT, graph: s.graph, step: String(s.step), seed: String(s.seed), config: JSON.stringify(s.config ?? null), crc32: checksum };
  return encodeSafetensors(tensors, metadata);
}

export function decodeCheckpoint(bytes: Uint8Array, file = '<memory>'): CheckpointState {
  const { tensors, metadata } = decodeSafetensors(bytes, file);
  const bad = (why: string) => new PraxisError(ErrorCodes.CHECKPOINT_CORRUPT, `Checkpoint ${file} is damaged: ${why}`, 'Resume from an earlier checkpoint, or start the run again.', { file });
  if (metadata.format !== CHECKPOINT_FORMAT) {
    throw new PraxisError(ErrorCodes.CHECKPOINT_MISMATCH, `${file} is not a Praxis training checkpoint (format '${metadata.format ?? 'none'}')`, 'Choose a checkpoint written by the Praxis trainer.', { file });
  }
  const headLen = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  if (crc32(bytes.subarray(8 + headLen)).toString(16) !== metadata.crc32) throw bad('the data checksum does not match');
  const step = Number(metadata.step);
  if (!Number.isInteger(step) || step < 0) throw bad('bad step number');
  let config: unknown;
  try {
    config = JSON.parse(metadata.config ?? 'null');
  } catch {
    throw bad('config is not JSON');
  }
  const s: CheckpointState = { graph: metadata.graph ?? '', step, seed: Number(metadata.seed ?? 0), config, params: {}, adamM: {}, adamV: {}, buffers: {} };
  for (const [key, t] of Object.entries(tensors)) {
    const slash = key.indexOf('/');
    const kind = key.slice(0, slash);
    const name = key.slice(slash + 1);
    if (t.data instanceof BigInt64Array) throw bad(`tensor '${key}' is not floating point`);
    if (kind === 'params') s.params[name] = { shape: t.shape, data: t.data };
    else if (kind === 'adam_m') s.adamM[name] = t.data;
    else if (kind === 'adam_v') s.adamV[name] = t.data;
    else if (kind === 'buffers') s.buffers[name] = { shape: t.shape, data: t.data };
    else throw bad(`unknown tensor '${key}'`);
  }
  for (const name of Object.keys(s.params)) {
    if (!s.adamM[name] || !s.adamV[name]) throw bad(`optimiser state for '${name}' is missing`);
  }
  return s;
}

/** Write a file atomically (temp + fsync + rename): a reader sees the old file or the new one, never a mixture. */
export async function fileWriteAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (e) {
    await fh.close();
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await fh.close();
  await rename(tmp, path);
}

export async function writeCheckpointFile(path: string, s: CheckpointState): Promise<void> {
  await fileWriteAtomic(path, encodeCheckpoint(s));
}

export async function readCheckpointFile(path: string): Promise<CheckpointState> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new PraxisError(ErrorCodes.CHECKPOINT_CORRUPT, `Cannot read checkpoint ${path}: ${(e as Error).message}`, 'Check the path, or choose another checkpoint.', { file: path });
  }
  return decodeCheckpoint(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
}
