// Binary layout of the messages in an episode log. Little-endian, no per-sample objects beyond the output buffer.
//   frame:  f64 timestamp_s | u32 n | f32[n] state | u32 m | f32[m] action
//   image:  u16 width | u16 height | u8[width*height*3] RGB
export const FRAME_ENCODING = 'praxis-frame-v1';
export const IMAGE_ENCODING = 'praxis-rgb24-v1';

/** One camera image, tightly packed RGB, row-major. */
export interface RgbFrame {
  width: number;
  height: number;
  data: Uint8Array;
}

export function encodeFrame(timestamp: number, state: Float32Array, action: Float32Array): Uint8Array {
  const bytes = new Uint8Array(8 + 4 + state.length * 4 + 4 + action.length * 4);
  const view = new DataView(bytes.buffer);
  view.setFloat64(0, timestamp, true);
  let o = 8;
  view.setUint32(o, state.length, true);
  o += 4;
  for (let i = 0; i < state.length; i++, o += 4) view.setFloat32(o, state[i], true);
  view.setUint32(o, action.length, true);
  o += 4;
  for (let i = 0; i < action.length; i++, o += 4) view.setFloat32(o, action[i], true);
  return bytes;
}

export interface DecodedFrame {
  timestamp: number;
  state: Float32Array;
  action: Float32Array;
}

export function decodeFrame(bytes: Uint8Array): DecodedFrame {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const timestamp = view.getFloat64(0, true);
  let o = 8;
  const n = view.getUint32(o, true);
  o += 4;
  const state = new Float32Array(n);
  for (let i = 0; i < n; i++, o += 4) state[i] = view.getFloat32(o, true);
  const m = view.getUint32(o, true);
  o += 4;
  const action = new Float32Array(m);
  for (let i = 0; i < m; i++, o += 4) action[i] = view.getFloat32(o, true);
  return { timestamp, state, action };
}

export function encodeImage(image: RgbFrame): Uint8Array {
  const bytes = new Uint8Array(4 + image.data.length);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, image.width, true);
  view.setUint16(2, image.height, true);
  bytes.set(image.data, 4);
  return bytes;
}

export function decodeImage(bytes: Uint8Array): RgbFrame {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint16(0, true);
  const height = view.getUint16(2, true);
  return { width, height, data: bytes.subarray(4, 4 + width * height * 3) };
}
