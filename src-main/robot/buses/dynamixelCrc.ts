// CRC-16 of Dynamixel Protocol 2.0: polynomial 0x8005, initial value 0, no reflection, no final xor
// (the "CRC-16/BUYPASS" parameters). Table-driven: one lookup per byte on the hot path.

const TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 8;
    for (let b = 0; b < 8; b++) c = c & 0x8000 ? ((c << 1) ^ 0x8005) & 0xffff : (c << 1) & 0xffff;
    t[i] = c;
  }
  return t;
})();

export function dynamixelCrc(bytes: Uint8Array, from = 0, to = bytes.length, crc = 0): number {
  for (let i = from; i < to; i++) crc = ((crc << 8) ^ TABLE[((crc >> 8) ^ bytes[i]) & 0xff]) & 0xffff;
  return crc;
}
