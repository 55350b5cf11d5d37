// A small seeded generator (mulberry32): scripted teleop must replay exactly from its seed, which
// Math.random cannot do.

export type Random = () => number;

/** Uniform numbers in [0, 1) from a 32-bit seed. */
export function randomCreate(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform in [low, high). */
export function randomBetween(random: Random, low: number, high: number): number {
  return low + (high - low) * random();
}
