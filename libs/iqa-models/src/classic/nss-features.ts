import * as tf from '@tensorflow/tfjs';
import type { NssVariant } from './classic-pipeline';
import { shapeFromMomentRatio } from './gamma-shape-table';

/** Number of features per scale (BRISQUE and NIQE both use 18 per scale, 36 in all). */
export const NSS_FEATURES_PER_SCALE = 18;

/** Per-row count of elements below 0 / above 0 (or ≥ 0): piecewise constant, so its gradient is 0. */
const countBelowZero = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const v = inputs[0] as tf.Tensor2D;
  return { value: tf.sum(tf.cast(tf.less(v, 0), 'float32'), 1), gradFunc: () => tf.zerosLike(v) };
}) as (v: tf.Tensor2D) => tf.Tensor1D;
const countAboveZero = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const v = inputs[0] as tf.Tensor2D;
  return { value: tf.sum(tf.cast(tf.greater(v, 0), 'float32'), 1), gradFunc: () => tf.zerosLike(v) };
}) as (v: tf.Tensor2D) => tf.Tensor1D;
const countAtLeastZero = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const v = inputs[0] as tf.Tensor2D;
  return { value: tf.sum(tf.cast(tf.greaterEqual(v, 0), 'float32'), 1), gradFunc: () => tf.zerosLike(v) };
}) as (v: tf.Tensor2D) => tf.Tensor1D;

/**
 * Row sums of [M, K] in two stages (chunks of about √K, then the chunk sums): float32 sums over
 * hundreds of thousands of values lose about 1e-4 relative when accumulated in one run.
 */
export function rowSum(v: tf.Tensor2D): tf.Tensor1D {
  const [m, k] = v.shape;
  if (k < 4096) return tf.sum(v, 1);
  const chunk = Math.ceil(Math.sqrt(k));
  const chunks = Math.ceil(k / chunk);
  const padded = chunk * chunks === k ? v : tf.pad(v, [[0, 0], [0, chunk * chunks - k]]);
  return tf.sum(tf.sum(tf.reshape(padded, [m, chunks, chunk]), 2), 1);
}

/** Fitted shape and its gamma factors, and the one-sided deviations, per row. */
interface Fit {
  readonly alpha: tf.Tensor1D;
  readonly sqrt13: tf.Tensor1D;
  readonly ratio21: tf.Tensor1D;
  readonly left: tf.Tensor1D;
  readonly right: tf.Tensor1D;
}

function shapeColumns(ratio: tf.Tensor1D): Pick<Fit, 'alpha' | 'sqrt13' | 'ratio21'> {
  const shape = shapeFromMomentRatio(ratio);
  const [alpha, sqrt13, ratio21] = tf.unstack(shape, 1) as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
  return { alpha, sqrt13, ratio21 };
}

/**
 * AGGD moment fit (Lasmar et al.; BRISQUE/NIQE estimateaggdparam) of each row of v, of which `n`
 * elements count (zeros beyond v's columns included): σl² = mean of v² over v < 0, σr² over v > 0
 * (or ≥ 0), γ̂ = σl/σr, r̂ = E|v|²/E[v²], R̂ = r̂(γ̂³+1)(γ̂+1)/(γ̂²+1)², α = r⁻¹(R̂).
 */
function aggdFit(v: tf.Tensor2D, n: number, zeroSide: NssVariant['zeroSide']): Fit {
  const negSq = rowSum(tf.square(tf.minimum(v, 0)) as tf.Tensor2D);
  const posSq = rowSum(tf.square(tf.maximum(v, 0)) as tf.Tensor2D);
  const negCount = tf.maximum(countBelowZero(v), 1);
  const posCount = tf.maximum(zeroSide === 'right' ? countAtLeastZero(v) : countAboveZero(v), 1);
  const left = tf.sqrt(tf.add(tf.div(negSq, negCount), 1e-20)) as tf.Tensor1D;
  const right = tf.sqrt(tf.add(tf.div(posSq, posCount), 1e-20)) as tf.Tensor1D;
  const g = tf.div(left, right);
  const meanAbs = tf.div(rowSum(tf.abs(v) as tf.Tensor2D), n);
  const meanSq = tf.div(tf.add(negSq, posSq), n);
  const rhat = tf.div(tf.square(meanAbs), tf.add(meanSq, 1e-30));
  const g2 = tf.square(g);
  const rn = tf.div(tf.mul(tf.mul(rhat, tf.add(tf.mul(g2, g), 1)), tf.add(g, 1)), tf.square(tf.add(g2, 1))) as tf.Tensor1D;
  return { ...shapeColumns(rn), left, right };
}

/** GGD moment fit (BRISQUE estimateggdparam): σ² = E[v²], ρ = σ²/E|v|², α = r⁻¹(1/ρ). Returns α and σ². */
function ggdFit(v: tf.Tensor2D, n: number): { alpha: tf.Tensor1D; variance: tf.Tensor1D } {
  const variance = tf.div(rowSum(tf.square(v) as tf.Tensor2D), n) as tf.Tensor1D;
  const meanAbs = tf.div(rowSum(tf.abs(v) as tf.Tensor2D), n);
  const { alpha } = shapeColumns(tf.div(tf.square(meanAbs), tf.add(variance, 1e-30)) as tf.Tensor1D);
  return { alpha, variance };
}

/** MATLAB circshift(x, [dr dc]) on the last two axes of [M, h, w]: out(i, j) = x(i − dr, j − dc), wrapping. */
function circshift(x: tf.Tensor3D, dr: number, dc: number): tf.Tensor3D {
  const [m, h, w] = x.shape;
  let out = x;
  const r = ((dr % h) + h) % h;
  if (r !== 0) out = tf.concat([tf.slice(out, [0, h - r, 0], [m, r, w]), tf.slice(out, [0, 0, 0], [m, h - r, w])], 1);
  const c = ((dc % w) + w) % w;
  if (c !== 0) out = tf.concat([tf.slice(out, [0, 0, w - c], [m, h, c]), tf.slice(out, [0, 0, 0], [m, h, w - c])], 2);
  return out;
}

/** Products x(i, j)·x(i + dr, j + dc) over the pairs inside the block, as [M, count]. */
function insideProducts(x: tf.Tensor3D, dr: number, dc: number): tf.Tensor2D {
  const [m, h, w] = x.shape;
  const rows = h - Math.abs(dr);
  const cols = w - Math.abs(dc);
  const a = tf.slice(x, [0, Math.max(0, -dr), Math.max(0, -dc)], [m, rows, cols]);
  const b = tf.slice(x, [0, Math.max(0, dr), Math.max(0, dc)], [m, rows, cols]);
  return tf.reshape(tf.mul(a, b), [m, rows * cols]);
}

/**
 * The 18 NSS features of each MSCN block of [M, h, w] under `variant` (BRISQUE: one block = the
 * whole image; NIQE: one block per 96×96 patch), as [M, 18]: 2 from the MSCN map, then 4 per
 * neighbour product map (shape α, mean η, and two one-sided spreads). Differentiable end to end
 * (the shape inversion through shapeFromMomentRatio).
 */
export function nssFeatures(blocks: tf.Tensor3D, variant: NssVariant): tf.Tensor2D {
  return tf.tidy(() => {
    const [m, h, w] = blocks.shape;
    const flat = tf.reshape(blocks, [m, h * w]) as tf.Tensor2D;
    const columns: tf.Tensor1D[] = [];
    if (variant.mscnFit === 'ggd') {
      const { alpha, variance } = ggdFit(flat, h * w);
      columns.push(alpha, variance);
    } else {
      const fit = aggdFit(flat, h * w, variant.zeroSide);
      columns.push(fit.alpha);
      columns.push(
        variant.mscnFit === 'aggd-variance'
          ? tf.div(tf.add(tf.square(fit.left), tf.square(fit.right)), 2)
          : tf.div(tf.mul(tf.add(fit.left, fit.right), fit.sqrt13), 2),
      );
    }
    for (const [dr, dc] of variant.shifts) {
      let products: tf.Tensor2D;
      let n: number;
      if (variant.pairs === 'circular') {
        products = tf.reshape(tf.mul(blocks, circshift(blocks, dr, dc)), [m, h * w]);
        n = h * w;
      } else {
        products = insideProducts(blocks, dr, dc);
        n = variant.pairs === 'zero-fill' ? h * w : (products.shape[1] as number);
      }
      const fit = aggdFit(products, n, variant.zeroSide);
      if (variant.pairFeatures === 'std') {
        const eta = tf.mul(tf.mul(tf.sub(fit.right, fit.left), fit.ratio21), fit.sqrt13);
        columns.push(fit.alpha, eta as tf.Tensor1D, tf.square(fit.left), tf.square(fit.right));
      } else {
        const betaL = tf.mul(fit.left, fit.sqrt13) as tf.Tensor1D;
        const betaR = tf.mul(fit.right, fit.sqrt13) as tf.Tensor1D;
        columns.push(fit.alpha, tf.mul(tf.sub(betaR, betaL), fit.ratio21) as tf.Tensor1D, betaL, betaR);
      }
    }
    return tf.stack(columns, 1) as tf.Tensor2D;
  });
}
