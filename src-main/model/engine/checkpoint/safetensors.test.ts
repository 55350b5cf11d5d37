import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CheckpointState, decodeCheckpoint, encodeCheckpoint, readCheckpointFile, writeCheckpointFile } from './checkpoint';
import { decodeSafetensors, encodeSafetensors } from './safetensors';

function state(step: number): CheckpointState {
  return {
    graph: 'g',
    step,
    seed: 3,
    config: { widths: [2, 3] },
    params: { w: { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, step]) }, b: { shape: [3], data: Float32Array.from([7, 8, 9]) } },
    adamM: { w: new Float32Array(6).fill(0.5), b: new Float32Array(3).fill(0.25) },
    adamV: { w: new Float32Array(6).fill(2), b: new Float32Array(3).fill(4) },
    buffers: { 'bn.running_mean': { shape: [3], data: Float32Array.from([0.1, 0.2, 0.3]) } },
  };
}

describe('safetensors', () => {
  it('round-trips tensors and metadata, with the data section 8-byte aligned', () => {
    const bytes = encodeSafetensors({ a: { shape: [2, 2], data: Float32Array.from([1, 2, 3, 4]) }, b: { shape: [1], data: Float64Array.from([Math.PI]) } }, { note: 'hi' });
    const headLen = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + headLen) % 8).toBe(0);
    const { tensors, metadata } = decodeSafetensors(bytes);
    expect(metadata).toEqual({ note: 'hi' });
    expect(tensors.a).toEqual({ dtype: 'F32', shape: [2, 2], data: Float32Array.from([1, 2, 3, 4]) });
    expect(tensors.b.data[0]).toBe(Math.PI);
  });

  it('refuses truncated files, bad headers and ranges that do not tile the data', () => {
    const good = encodeSafetensors({ a: { shape: [4], data: new Float32Array(4) } });
    expect(() => decodeSafetensors(good.subarray(0, good.length - 4))).toThrow(expect.objectContaining({ code: 'CHECKPOINT_CORRUPT' }));
    expect(() => decodeSafetensors(good.subarray(0, 5))).toThrow(expect.objectContaining({ code: 'CHECKPOINT_CORRUPT' }));
    const bad = good.slice();
    bad[9] = 0x7b; // '{' inside the JSON header
    bad[10] = 0x7b;
    expect(() => decodeSafetensors(bad)).toThrow(/header is not valid JSON/);
    const header = JSON.stringify({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } });
    const raw = new Uint8Array(8 + header.length + 12);
    new DataView(raw.buffer).setBigUint64(0, BigInt(header.length), true);
    raw.set(new TextEncoder().encode(header), 8);
    expect(() => decodeSafetensors(raw)).toThrow(/overlap or leave holes/);
  });
});

describe('checkpoint files', () => {
  it('round-trips the whole training state', () => {
    expect(decodeCheckpoint(encodeCheckpoint(state(12)))).toEqual(state(12));
  });

  it('writes atomically: the file is complete and no temporary file is left behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'praxis-ck-'));
    const file = join(dir, 'run.safetensors');
    await writeCheckpointFile(file, state(1));
    await writeCheckpointFile(file, state(2));
    expect(readdirSync(dir)).toEqual(['run.safetensors']);
    expect((await readCheckpointFile(file)).step).toBe(2);
  });

  it('refuses a plain safetensors file that is not a Praxis checkpoint with CHECKPOINT_MISMATCH', () => {
    const bytes = encodeSafetensors({ w: { shape: [1], data: new Float32Array(1) } }, { format: 'pt' });
    expect(() => decodeCheckpoint(bytes, 'model.safetensors')).toThrow(expect.objectContaining({ code: 'CHECKPOINT_MISMATCH' }));
  });

  it('detects a flipped bit in the weights through the checksum', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'praxis-ck-'));
    const file = join(dir, 'run.safetensors');
    await writeCheckpointFile(file, state(1));
    const bytes = new Uint8Array(readFileSync(file));
    bytes[bytes.length - 1] ^= 1;
    expect(() => decodeCheckpoint(bytes, file)).toThrow(expect.objectContaining({ code: 'CHECKPOINT_CORRUPT', message: expect.stringContaining('checksum') }));
  });
});
