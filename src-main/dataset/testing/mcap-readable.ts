// An in-memory IReadable for McapIndexedReader (tests and small exports).
import type { McapTypes } from '@mcap/core';

export function mcapFileReadable(bytes: Uint8Array): McapTypes.IReadable {
  return {
    size: async () => BigInt(bytes.byteLength),
    read: async (offset: bigint, length: bigint) => bytes.subarray(Number(offset), Number(offset + length)),
  };
}
