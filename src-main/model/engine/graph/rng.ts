// Seeded randomness for initialisers and random graph inputs: the same seed gives the same numbers on every
// machine, which is what makes runs and resumes reproducible.

/** A 32-bit hash of a string, mixed with a seed (FNV-1a then a murmur finaliser). */
export function hashSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** mulberry32: small, fast, good enough for weights and dropout masks. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples by Box–Muller from a uniform source. */
export function gaussian(uniform: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

export function fillUniform(out: Float32Array | Float64Array, seed: number, lo = 0, hi = 1): void {
  const u = mulberry32(seed);
  for (let i = 0; i < out.length; i++) out[i] = lo + (hi - lo) * u();
}

export function fillNormal(out: Float32Array | Float64Array, seed: number, std = 1): void {
  const n = gaussian(mulberry32(seed));
  for (let i = 0; i < out.length; i++) out[i] = std * n();
}
