// Fuzz: each decoder eats ≥100 000 garbage chunks and corrupted frames, each followed by a good frame.
// Nothing may throw, and every good frame must come out, in order.

import { describe, expect, it } from 'vitest';
import { dynamixelPacket } from './dynamixel';
import { DynamixelParser } from './dynamixelParser';
import { feetechFrame } from './feetech';
import { FeetechParser } from './feetechParser';

/** Small deterministic PRNG (mulberry32) so a failure can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  name: string;
  makeGood: (r: () => number) => { bytes: Uint8Array; key: string };
  makeParser: (onKey: (key: string) => void) => { push(b: Uint8Array): void };
}

const randBytes = (r: () => number, n: number) => Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
/** Garbage rich in header bytes, which is what makes resynchronisation hard. */
const headerishBytes = (r: () => number, n: number) =>
  Uint8Array.from({ length: n }, () => (r() < 0.4 ? 0xff : r() < 0.3 ? 0xfd : r() < 0.2 ? 0 : Math.floor(r() * 256)));

function corrupt(r: () => number, good: Uint8Array): Uint8Array {
  const b = good.slice();
  switch (Math.floor(r() * 5)) {
    case 0: // flip one bit anywhere
      b[Math.floor(r() * b.length)] ^= 1 << Math.floor(r() * 8);
      return b;
    case 1: // truncated frame
      return b.subarray(0, Math.max(1, Math.floor(r() * b.length)));
    case 2: // corrupted length byte (points past the end or short)
      b[Math.min(b.length - 1, good[2] === 0xfd ? 5 : 3)] = Math.floor(r() * 256);
      return b;
    case 3: // bad checksum
      b[b.length - 1] ^= 0x5a;
      return b;
    default: // a header with nothing behind it
      return b.subarray(0, good[2] === 0xfd ? 4 : 2);
  }
}

function runFuzz(c: Case, trials: number, seed: number) {
  const r = rng(seed);
  const expected: string[] = [];
  const got: string[] = [];
  const parser = c.makeParser((k) => got.push(k));
  const chunks: Uint8Array[] = [];
  for (let t = 0; t < trials; t++) {
    const kind = r();
    if (kind < 0.35) chunks.push(randBytes(r, Math.floor(r() * 40)));
    else if (kind < 0.55) chunks.push(headerishBytes(r, Math.floor(r() * 24)));
    else chunks.push(corrupt(r, c.makeGood(r).bytes));
    const good = c.makeGood(r);
    chunks.push(good.bytes);
    expected.push(good.key);
  }
  // Deliver in arbitrary slices, as a UART driver would.
  const total = chunks.reduce((n, b) => n + b.length, 0);
  const stream = new Uint8Array(total);
  let o = 0;
  for (const ch of chunks) {
    stream.set(ch, o);
    o += ch.length;
  }
  for (let at = 0; at < total; ) {
    const n = 1 + Math.floor(r() * 64);
    parser.push(stream.subarray(at, at + n));
    at += n;
  }
  // Every good frame appears, in order, among what was decoded.
  let j = 0;
  const missing: number[] = [];
  for (let i = 0; i < expected.length; i++) {
    const k = got.indexOf(expected[i], j);
    if (k < 0) missing.push(i);
    else j = k + 1;
  }
  return { expected: expected.length, decoded: got.length, missing };
}

const cases: Case[] = [
  {
    name: 'Feetech',
    makeGood(r) {
      const params = randBytes(r, Math.floor(r() * 12));
      const id = Math.floor(r() * 0xfe);
      const code = Math.floor(r() * 256);
      return { bytes: feetechFrame(id, code, params), key: `${id}:${code}:${params.join(',')}` };
    },
    makeParser: (onKey) => new FeetechParser((f) => onKey(`${f.id}:${f.code}:${f.params.join(',')}`)),
  },
  {
    name: 'Dynamixel 2.0',
    makeGood(r) {
      // Header-rich params exercise byte stuffing.
      const params = r() < 0.3 ? headerishBytes(r, Math.floor(r() * 16)) : randBytes(r, Math.floor(r() * 16));
      const id = Math.floor(r() * 0xfd);
      const inst = [0x01, 0x02, 0x03, 0x82, 0x83][Math.floor(r() * 5)];
      return { bytes: dynamixelPacket(id, inst, params), key: `${id}:${inst}:${params.join(',')}` };
    },
    makeParser: (onKey) => new DynamixelParser((f) => onKey(`${f.id}:${f.instruction}:${f.params.join(',')}`)),
  },
];

describe.each(cases)('$name decoder under 100 000 corrupted frames', (c) => {
  it('throws nothing and decodes every good frame that follows garbage', () => {
    const res = runFuzz(c, 100_000, 0xc0ffee);
    expect(res.missing.slice(0, 5)).toEqual([]);
    expect(res.expected).toBe(100_000);
  });

  it('holds with a second seed too', () => {
    expect(runFuzz(c, 20_000, 7).missing).toEqual([]);
  });
});
