/** Pseudo-MOS of an undistorted reference (before jitter). */
export const REFERENCE_MOS = 95;
/** Pseudo-MOS a distortion of weight 1 at full strength would reach (before jitter). */
export const FLOOR_MOS = 5;

/** Largest jitter amplitude; it shrinks with the level spacing so ordering never flips. */
export const MAX_JITTER = 2.5;

/**
 * Jitter amplitude for `levels` levels and the smallest distortion weight: at most a fifth of the
 * smallest step between two adjacent levels, so adjacent levels can never swap (2·J < step).
 */
export function jitterAmplitude(levels: number, minWeight: number): number {
  const smallestStep = ((REFERENCE_MOS - FLOOR_MOS) * minWeight) / levels;
  return Math.min(MAX_JITTER, smallestStep / 5);
}

/**
 * The synthetic dataset's label, on 0–100 with higher = better:
 * `mos = 95 − 90 · weight · strength + jitter`, strength = level / levels in (0, 1] (0 for the reference),
 * jitter uniform in [−J, J] (`u` in [0, 1)). Strictly decreasing in the level for a fixed distortion
 * and scene as long as J < step / 2 (see `jitterAmplitude`). Rounded to 3 decimals, clamped to [0, 100].
 */
export function pseudoMos(weight: number, strength: number, jitter: number, u: number): number {
  const mos = REFERENCE_MOS - (REFERENCE_MOS - FLOOR_MOS) * weight * strength + (2 * u - 1) * jitter;
  return Math.round(Math.min(100, Math.max(0, mos)) * 1000) / 1000;
}

/**
 * A synthetic rating spread for the label: 8 at the ends of the scale, up to 20 in the middle (like
 * real panels, which agree most on very good and very bad images), ± 1. Rounded to 3 decimals.
 */
export function pseudoMosStd(mos: number, u: number): number {
  const q = mos / 100;
  return Math.round((8 + 48 * q * (1 - q) + (2 * u - 1)) * 1000) / 1000;
}
