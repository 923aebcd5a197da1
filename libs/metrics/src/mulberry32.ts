/**
 * mulberry32 (Tommy Ettinger, public domain): a small, fast 32-bit-state PRNG. Returns a generator of
 * uniform floats in [0, 1) with 32 random bits each. The same seed always gives the same sequence, on
 * every platform (integer arithmetic only: `Math.imul` and unsigned shifts). Not cryptographic.
 *
 * @param seed any number; it is reduced to an unsigned 32-bit integer (`seed >>> 0`).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
