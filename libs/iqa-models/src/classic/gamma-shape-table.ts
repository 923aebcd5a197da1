import * as tf from '@tensorflow/tfjs';

/** Lanczos (g = 7, n = 9) log-gamma for x > 0, float64, relative error about 1e-15. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let a = c[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The shape grid of the reference implementations: α = 0.2, 0.201, …, 10 (9801 points). */
export const SHAPE_GRID_START = 0.2;
export const SHAPE_GRID_STEP = 0.001;
export const SHAPE_GRID_SIZE = 9801;

/**
 * Dense tables on the shape grid (float64): the moment ratio r(α) = Γ(2/α)² / (Γ(1/α)Γ(3/α))
 * (increasing in α; BRISQUE/NIQE's GGD ρ is 1/r and the AGGD's r_gam is r itself), and the two
 * gamma-function factors the features need: sqrt(Γ(1/α)/Γ(3/α)) and Γ(2/α)/Γ(1/α).
 */
export const SHAPE_TABLE = (() => {
  const alpha = new Float64Array(SHAPE_GRID_SIZE);
  const ratio = new Float64Array(SHAPE_GRID_SIZE);
  const sqrt13 = new Float64Array(SHAPE_GRID_SIZE);
  const ratio21 = new Float64Array(SHAPE_GRID_SIZE);
  for (let i = 0; i < SHAPE_GRID_SIZE; i++) {
    const a = Math.round((SHAPE_GRID_START + i * SHAPE_GRID_STEP) * 1e6) / 1e6;
    const l1 = logGamma(1 / a);
    const l2 = logGamma(2 / a);
    const l3 = logGamma(3 / a);
    alpha[i] = a;
    ratio[i] = Math.exp(2 * l2 - l1 - l3);
    sqrt13[i] = Math.exp(0.5 * (l1 - l3));
    ratio21[i] = Math.exp(l2 - l1);
  }
  return { alpha, ratio, sqrt13, ratio21 } as const;
})();

/** The segment k with ratio[k] ≤ r ≤ ratio[k+1] (r clamped to the table) and the position t in it. */
export function locateRatio(r: number): { k: number; t: number; inside: boolean } {
  const { ratio } = SHAPE_TABLE;
  const last = SHAPE_GRID_SIZE - 1;
  if (!(r > (ratio[0] as number))) return { k: 0, t: 0, inside: false };
  if (r >= (ratio[last] as number)) return { k: last - 1, t: 1, inside: false };
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((ratio[mid] as number) <= r) lo = mid;
    else hi = mid;
  }
  return { k: lo, t: (r - (ratio[lo] as number)) / ((ratio[lo + 1] as number) - (ratio[lo] as number)), inside: true };
}

const COLUMNS = [SHAPE_TABLE.alpha, SHAPE_TABLE.sqrt13, SHAPE_TABLE.ratio21] as const;

/**
 * The differentiable moment-ratio → shape inversion of BRISQUE/NIQE: for each r (a rank-1
 * tensor), the AGGD/GGD shape α with r(α) = r and its factors, as [n, 3] columns
 * (α, sqrt(Γ(1/α)/Γ(3/α)), Γ(2/α)/Γ(1/α)). The references take the nearest point of the
 * 0.001-step grid (a step function, zero gradient); here each column is the piecewise-linear
 * interpolation of the dense table in r, so α is continuous and within half a grid step of the
 * references', and its derivative is the segment's slope. Outside the table (α < 0.2 or > 10)
 * the value is clamped and the gradient is 0, as the references clamp. Computed in float64 in
 * JavaScript (the values are few: 5 per image block) behind `tf.customGrad`.
 */
export const shapeFromMomentRatio: (r: tf.Tensor1D) => tf.Tensor2D = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const r = inputs[0] as tf.Tensor1D;
  const values = r.dataSync();
  const n = values.length;
  const out = new Float32Array(n * 3);
  const slope = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const { k, t, inside } = locateRatio(values[i] as number);
    const dr = (SHAPE_TABLE.ratio[k + 1] as number) - (SHAPE_TABLE.ratio[k] as number);
    COLUMNS.forEach((column, j) => {
      const lo = column[k] as number;
      const hi = column[k + 1] as number;
      out[i * 3 + j] = lo + t * (hi - lo);
      slope[i * 3 + j] = inside ? (hi - lo) / dr : 0;
    });
  }
  const value = tf.tensor2d(out, [n, 3]);
  return {
    value,
    gradFunc: (dy: tf.Tensor) => tf.sum(tf.mul(dy, tf.tensor2d(slope, [n, 3])), 1),
  };
}) as (r: tf.Tensor1D) => tf.Tensor2D;
