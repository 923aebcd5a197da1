import * as tf from '@tensorflow/tfjs';
import { padEdge } from './pad-edge';

/** The normalised 1-D Gaussian taps of σ, radius ⌈3σ⌉ (at least 1). */
export function blurTaps(sigma: number): number[] {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const taps = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const sum = taps.reduce((a, b) => a + b, 0);
  return taps.map((t) => t / sum);
}

/**
 * Gaussian blur of an NHWC batch: separable, radius ⌈3σ⌉, edge pixels replicated at the border. Written as weighted
 * sums of shifted slices (not depthwiseConv2d, whose input gradient the WASM backend lacks). Linear, so its exact
 * gradient is the blur's adjoint: a differentiable purification.
 */
export function gaussianBlur(images: tf.Tensor4D, sigma: number): tf.Tensor4D {
  return tf.tidy(() => {
    const taps = blurTaps(sigma);
    const radius = (taps.length - 1) / 2;
    const [n, h, w, c] = images.shape;
    const padded = padEdge(images, radius, radius, radius, radius);
    const rows = tf.addN(taps.map((tap, i) => tf.mul(tf.slice(padded, [0, i, 0, 0], [n, h, w + 2 * radius, c]), tap)));
    return tf.addN(taps.map((tap, i) => tf.mul(tf.slice(rows, [0, 0, i, 0], [n, h, w, c]), tap))) as tf.Tensor4D;
  });
}
