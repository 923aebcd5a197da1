import * as tf from '@tensorflow/tfjs';
import { conv2dFastGrad } from '../ops/conv2d-fast-grad';

/** The normalised 7-tap Gaussian (σ = 7/6) of fspecial('gaussian', 7, 7/6) / cv::getGaussianKernel(7, 7/6). */
export function mscnGaussianTaps(size = 7, sigma = 7 / 6): number[] {
  const half = (size - 1) / 2;
  const taps = Array.from({ length: size }, (_, i) => Math.exp(-((i - half) ** 2) / (2 * sigma * sigma)));
  const total = taps.reduce((a, b) => a + b, 0);
  return taps.map((tap) => tap / total);
}

/** Pads [B, H, W] by `p` on each side of H and W: zeros, or the edge value repeated (replicate). */
export function padImage(x: tf.Tensor3D, p: number, border: 'zero' | 'replicate'): tf.Tensor3D {
  if (border === 'zero') return tf.pad(x, [[0, 0], [p, p], [p, p]]);
  const [b, h, w] = x.shape;
  const top = tf.tile(tf.slice(x, [0, 0, 0], [b, 1, w]), [1, p, 1]);
  const bottom = tf.tile(tf.slice(x, [0, h - 1, 0], [b, 1, w]), [1, p, 1]);
  const rows = tf.concat([top, x, bottom], 1);
  const left = tf.tile(tf.slice(rows, [0, 0, 0], [b, h + 2 * p, 1]), [1, 1, p]);
  const right = tf.tile(tf.slice(rows, [0, 0, w - 1], [b, h + 2 * p, 1]), [1, 1, p]);
  return tf.concat([left, rows, right], 2);
}

/** Absolute MSCN numerators below this (0–255 scale) are float32 round-off of a flat window: exactly 0 in float64. */
export const FLAT_NUMERATOR = 1e-4;

/** 1 where |d| > FLAT_NUMERATOR, else 0; piecewise constant, so its gradient is 0. */
const notFlat = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const d = inputs[0] as tf.Tensor3D;
  return { value: tf.cast(tf.greater(tf.abs(d), FLAT_NUMERATOR), 'float32'), gradFunc: () => tf.zerosLike(d) };
}) as (d: tf.Tensor3D) => tf.Tensor3D;

/** Separable 'valid' correlation of a padded [B, H+6, W+6] map with the 7×7 Gaussian. */
function blurValid(padded: tf.Tensor3D, taps: tf.Tensor4D, tapsT: tf.Tensor4D): tf.Tensor3D {
  const x4 = tf.expandDims(padded, -1) as tf.Tensor4D;
  // conv2dFastGrad: on wasm the stock Conv2DBackpropInput is a naive loop (about 12× slower).
  const rows = conv2dFastGrad(x4, taps);
  return tf.squeeze(conv2dFastGrad(rows, tapsT), [3]) as tf.Tensor3D;
}

/**
 * Mean-subtracted contrast-normalised coefficients of [B, H, W] luma on 0–255:
 * (I − μ) / (σ + 1), μ and σ² = |E[I²] − μ²| from the 7×7 Gaussian (σ 7/6) with `border`
 * (zeros = MATLAB filter2 'same'; replicate = imfilter 'replicate' / cv::BORDER_REPLICATE).
 * C = 1 on 0–255 equals OpenCV's and imquality's C = 1/255 on 0–1 (MSCN is scale-free).
 * Float32 precision: each image is shifted by its own mean before the second moment (the
 * variance is shift-invariant, and the padding is applied before the shift so zero borders stay
 * zeros), which keeps E[I²] − μ² from cancelling catastrophically. A tiny 1e-6 under the square
 * root keeps the gradient finite on flat regions, and numerators below FLAT_NUMERATOR (float32
 * round-off where the window is flat, e.g. saturated sky) are set to exactly 0, as float64 gives:
 * otherwise their random signs would be counted by the one-sided AGGD fits.
 */
export function mscn(gray: tf.Tensor3D, border: 'zero' | 'replicate'): tf.Tensor3D {
  return tf.tidy(() => {
    const g = mscnGaussianTaps();
    const taps = tf.tensor4d(g, [1, 7, 1, 1]);
    const tapsT = tf.tensor4d(g, [7, 1, 1, 1]);
    const shift = tf.mean(gray, [1, 2], true);
    const padded = tf.sub(padImage(gray, 3, border), shift) as tf.Tensor3D;
    const mu = blurValid(padded, taps, tapsT);
    const second = blurValid(tf.square(padded) as tf.Tensor3D, taps, tapsT);
    const sigma = tf.sqrt(tf.add(tf.abs(tf.sub(second, tf.square(mu))), 1e-6));
    const numerator = tf.sub(tf.sub(gray, shift), mu) as tf.Tensor3D;
    return tf.div(tf.mul(numerator, notFlat(numerator)), tf.add(sigma, 1)) as tf.Tensor3D;
  });
}
