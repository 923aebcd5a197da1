import { mulberry32 } from '../mulberry32';

/**
 * Seeded test data with many ties (specs only): `n` integers drawn uniformly from 0..levels−1. Few
 * levels → large tie groups.
 */
export function tiedIntegers(seed: number, n: number, levels: number): number[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => Math.floor(random() * levels));
}

/** A seeded random permutation of 1..n (Fisher–Yates), i.e. ranks without ties. */
export function randomPermutation(seed: number, n: number): number[] {
  const random = mulberry32(seed);
  const values = Array.from({ length: n }, (_, i) => i + 1);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [values[i], values[j]] = [values[j] as number, values[i] as number];
  }
  return values;
}

/** `n` seeded uniform floats in [lo, hi). */
export function uniformFloats(seed: number, n: number, lo = 0, hi = 1): number[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => lo + (hi - lo) * random());
}
