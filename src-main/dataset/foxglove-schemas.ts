// Message schemas for MCAP exports. Camera frames use Foxglove's protobuf `foxglove.CompressedImage` (what
// Foxglove and Rerun both decode into an image); joint vectors are JSON with a JSON Schema, which Foxglove
// plots directly and Rerun lists as structured data.
import protobuf from 'protobufjs';
import * as descriptorModule from 'protobufjs/ext/descriptor.js';

// A CommonJS module: Node's ESM loader puts its exports under `default`, bundlers and vitest spread them.
const descriptor = (descriptorModule as unknown as { default?: typeof descriptorModule }).default ?? descriptorModule;

const FIELD = { INT64: 3, INT32: 5, STRING: 9, MESSAGE: 11, BYTES: 12 } as const;
const OPTIONAL = 1;

const fileSet = descriptor.FileDescriptorSet.fromObject({
  file: [
    {
      name: 'google/protobuf/timestamp.proto',
      package: 'google.protobuf',
      syntax: 'proto3',
      messageType: [{ name: 'Timestamp', field: [
        { name: 'seconds', number: 1, label: OPTIONAL, type: FIELD.INT64 },
        { name: 'nanos', number: 2, label: OPTIONAL, type: FIELD.INT32 },
      ] }],
    },
    {
      name: 'foxglove/CompressedImage.proto',
      package: 'foxglove',
      syntax: 'proto3',
      dependency: ['google/protobuf/timestamp.proto'],
      messageType: [{ name: 'CompressedImage', field: [
        { name: 'timestamp', number: 1, label: OPTIONAL, type: FIELD.MESSAGE, typeName: '.google.protobuf.Timestamp' },
        { name: 'frame_id', number: 4, label: OPTIONAL, type: FIELD.STRING },
        { name: 'data', number: 2, label: OPTIONAL, type: FIELD.BYTES },
        { name: 'format', number: 3, label: OPTIONAL, type: FIELD.STRING },
      ] }],
    },
  ],
});

/** Serialized FileDescriptorSet: the MCAP schema `data` for protobuf channels. */
export const COMPRESSED_IMAGE_SCHEMA = descriptor.FileDescriptorSet.encode(fileSet).finish();

const compressedImage = protobuf.Root.fromDescriptor(COMPRESSED_IMAGE_SCHEMA, { keepCase: true }).lookupType('foxglove.CompressedImage');

export function encodeCompressedImage(timeNs: bigint, frameId: string, data: Uint8Array, format: 'png' | 'jpeg'): Uint8Array {
  const seconds = timeNs / 1_000_000_000n;
  return compressedImage
    .encode({ timestamp: { seconds: Number(seconds), nanos: Number(timeNs % 1_000_000_000n) }, frame_id: frameId, data, format })
    .finish();
}

export const JOINT_VECTOR_SCHEMA = new TextEncoder().encode(
  JSON.stringify({
    title: 'praxis.JointVector',
    type: 'object',
    properties: {
      timestamp: { type: 'object', properties: { sec: { type: 'integer' }, nsec: { type: 'integer' } } },
      name: { type: 'array', items: { type: 'string' } },
      position: { type: 'array', items: { type: 'number' } },
    },
  }),
);

export function encodeJointVector(timeNs: bigint, names: string[], values: ArrayLike<number>): Uint8Array {
  const sec = Number(timeNs / 1_000_000_000n);
  const nsec = Number(timeNs % 1_000_000_000n);
  return new TextEncoder().encode(JSON.stringify({ timestamp: { sec, nsec }, name: names, position: Array.from(values) }));
}
