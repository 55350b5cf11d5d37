// Seeded randomness for the trainer (episode split, window draws, SIGReg directions, dropout masks): the
// same seed and step give the same numbers on every machine, which is what makes a resumed run identical.
// The generators are the engine's (one implementation for initialisers and the trainer alike).
import { gaussian, hashSeed, mulberry32 } from '../engine';

/** A 32-bit hash of a seed and a label, to derive independent streams. */
export function seedMix(seed: number, label: string | number): number {
  return hashSeed(seed, String(label));
}

/** mulberry32: floats in [0, 1). */
export function uniformSource(seed: number): () => number {
  return mulberry32(seed);
}

/** Standard normal samples (Box–Muller). */
export function normalSource(seed: number): () => number {
  return gaussian(mulberry32(seed));
}

/** Fisher–Yates shuffle of 0..n-1. */
export function shuffledIndices(n: number, seed: number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  const u = uniformSource(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
