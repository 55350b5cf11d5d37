// Feetech SCS/STS packet codec: pure functions over bytes, never a port.
// Frame: FF FF ID LEN INST|ERR PARAMS… CHK, where LEN = params + 2 and
// CHK = ~(ID + LEN + INST + Σ params) & 0xFF. Multi-byte STS values are little-endian.

export const FEETECH_BROADCAST_ID = 0xfe;

export const FeetechInstruction = {
  PING: 0x01,
  READ: 0x02,
  WRITE: 0x03,
  REG_WRITE: 0x04,
  ACTION: 0x05,
  SYNC_READ: 0x82,
  SYNC_WRITE: 0x83,
} as const;

/** One decoded frame. For a status packet `code` is the error byte; for an instruction it is the instruction. */
export interface FeetechFrame {
  readonly id: number;
  readonly code: number;
  readonly params: Uint8Array;
}

export function feetechChecksum(bytes: Uint8Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += bytes[i];
  return ~sum & 0xff;
}

/** Encode any frame (instruction or status): the two share one layout. */
export function feetechFrame(id: number, code: number, params: ArrayLike<number> = []): Uint8Array {
  const n = params.length;
  const out = new Uint8Array(n + 6);
  out[0] = 0xff;
  out[1] = 0xff;
  out[2] = id;
  out[3] = n + 2;
  out[4] = code;
  for (let i = 0; i < n; i++) out[5 + i] = params[i];
  out[n + 5] = feetechChecksum(out, 2, n + 5);
  return out;
}

export const feetechPing = (id: number) => feetechFrame(id, FeetechInstruction.PING);

export const feetechRead = (id: number, address: number, length: number) =>
  feetechFrame(id, FeetechInstruction.READ, [address, length]);

export function feetechWrite(id: number, address: number, data: ArrayLike<number>, registered = false): Uint8Array {
  const params = new Uint8Array(data.length + 1);
  params[0] = address;
  params.set(Array.from(data), 1);
  return feetechFrame(id, registered ? FeetechInstruction.REG_WRITE : FeetechInstruction.WRITE, params);
}

export const feetechAction = (id = FEETECH_BROADCAST_ID) => feetechFrame(id, FeetechInstruction.ACTION);

export function feetechSyncRead(address: number, length: number, ids: ArrayLike<number>): Uint8Array {
  const params = new Uint8Array(ids.length + 2);
  params[0] = address;
  params[1] = length;
  for (let i = 0; i < ids.length; i++) params[2 + i] = ids[i];
  return feetechFrame(FEETECH_BROADCAST_ID, FeetechInstruction.SYNC_READ, params);
}

/** `data` holds `length` bytes per id, in the order of `ids`. */
export function feetechSyncWrite(address: number, length: number, ids: ArrayLike<number>, data: Uint8Array): Uint8Array {
  const params = new Uint8Array(2 + ids.length * (length + 1));
  params[0] = address;
  params[1] = length;
  for (let i = 0; i < ids.length; i++) {
    const at = 2 + i * (length + 1);
    params[at] = ids[i];
    params.set(data.subarray(i * length, (i + 1) * length), at + 1);
  }
  return feetechFrame(FEETECH_BROADCAST_ID, FeetechInstruction.SYNC_WRITE, params);
}

export const feetechStatus = (id: number, error: number, params: ArrayLike<number> = []) =>
  feetechFrame(id, error, params);

/** Total bytes on the wire for a frame with `paramCount` parameters. */
export const feetechFrameSize = (paramCount: number) => paramCount + 6;
