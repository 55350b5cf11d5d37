// The safetensors container (huggingface/safetensors): u64 little-endian header length, a JSON header
// naming each tensor's dtype, shape and byte range, then the raw little-endian data. Pure bytes in, bytes out.
import { ErrorCodes, PraxisError } from '../../../api';

export type StDType = 'F32' | 'F64' | 'I64';
export type StArray = Float32Array | Float64Array | BigInt64Array;

export interface StTensor {
  dtype: StDType;
  shape: number[];
  data: StArray;
}

const BYTES: Record<StDType, number> = { F32: 4, F64: 8, I64: 8 };

function dtypeOf(a: StArray): StDType {
  return a instanceof Float32Array ? 'F32' : a instanceof Float64Array ? 'F64' : 'I64';
}

export function encodeSafetensors(tensors: Record<string, { shape: readonly number[]; data: StArray }>, metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let at = 0;
  const names = Object.keys(tensors);
  for (const name of names) {
    const t = tensors[name];
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (n !== t.data.length) throw new PraxisError(ErrorCodes.INVALID_ARGUMENT, `safetensors: '${name}' has ${t.data.length} values for shape [${t.shape.join(',')}]`);
    header[name] = { dtype: dtypeOf(t.data), shape: [...t.shape], data_offsets: [at, at + t.data.byteLength] };
    at += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  // Pad the header so the data section starts 8-byte aligned, which lets readers view it in place.
  json += ' '.repeat((8 - ((8 + new TextEncoder().encode(json).length) % 8)) % 8);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + at);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let off = 8 + head.length;
  for (const name of names) {
    const d = tensors[name].data;
    out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), off);
    off += d.byteLength;
  }
  return out;
}

function corrupt(why: string, file: string): PraxisError {
  return new PraxisError(ErrorCodes.CHECKPOINT_CORRUPT, `Checkpoint ${file} is damaged: ${why}`, 'Resume from an earlier checkpoint, or start the run again.', { file });
}

/** Parse and validate a safetensors file; any inconsistency is a CHECKPOINT_CORRUPT error. */
export function decodeSafetensors(bytes: Uint8Array, file = '<memory>'): { tensors: Record<string, StTensor>; metadata: Record<string, string> } {
  if (bytes.length < 8) throw corrupt('shorter than its header length field', file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headLen = Number(view.getBigUint64(0, true));
  if (headLen > bytes.length - 8 || headLen > 100_000_000) throw corrupt('header length exceeds the file', file);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headLen)));
  } catch {
    throw corrupt('header is not valid JSON', file);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw corrupt('header is not an object', file);
  const dataStart = 8 + headLen;
  const dataLen = bytes.length - dataStart;
  const metadata = (header.__metadata__ ?? {}) as Record<string, string>;
  const tensors: Record<string, StTensor> = {};
  const ranges: [number, number][] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const e = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = e.dtype as StDType;
    if (!(dtype in BYTES)) throw corrupt(`tensor '${name}' has unsupported dtype ${String(e.dtype)}`, file);
    const shape = e.shape as number[];
    const offs = e.data_offsets as number[];
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) throw corrupt(`tensor '${name}' has a bad shape`, file);
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((d) => Number.isInteger(d) && d >= 0)) throw corrupt(`tensor '${name}' has bad offsets`, file);
    const [b, en] = offs;
    const n = shape.reduce((p, d) => p * d, 1);
    if (en < b || en > dataLen || en - b !== n * BYTES[dtype]) throw corrupt(`tensor '${name}' does not fit its byte range`, file);
    ranges.push([b, en]);
    // Copy out so the arrays are aligned and independent of the file buffer.
    const chunk = bytes.slice(dataStart + b, dataStart + en);
    const data = dtype === 'F32' ? new Float32Array(chunk.buffer) : dtype === 'F64' ? new Float64Array(chunk.buffer) : new BigInt64Array(chunk.buffer);
    tensors[name] = { dtype, shape, data };
  }
  ranges.sort((a, b) => a[0] - b[0]);
  let end = 0;
  for (const [b, e] of ranges) {
    if (b !== end) throw corrupt('tensor byte ranges overlap or leave holes', file);
    end = e;
  }
  if (end !== dataLen) throw corrupt('data section length does not match the header', file);
  return { tensors, metadata };
}
