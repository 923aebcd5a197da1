import * as tf from '@tensorflow/tfjs';
import type { ClassicGrayscale } from './classic-pipeline';

/**
 * NHWC RGB in [0,1] → [B, H, W] luma on 0–255 as `spec` says (MATLAB rgb2gray on uint8, OpenCV
 * fixed-point BGR2GRAY, or float). Rounding has a zero gradient almost everywhere, so the gradient
 * is the straight-through one of the linear formula: dY/dRGB = 255·weights.
 */
export function classicGrayscale(images: tf.Tensor4D, spec: ClassicGrayscale): tf.Tensor3D {
  const weights = (): tf.Tensor1D => tf.tensor1d([...spec.weights]);
  const gray = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const x = inputs[0] as tf.Tensor4D;
    const value = tf.tidy(() => {
      if (spec.quantize === 'none') return tf.sum(tf.mul(tf.mul(x, 255), weights()), -1);
      const q = tf.clipByValue(tf.round(tf.mul(x, 255)), 0, 255);
      if (spec.quantize === 'round') return tf.round(tf.sum(tf.mul(q, weights()), -1));
      const fixed = tf.sum(tf.mul(q, tf.tensor1d([4899, 9617, 1868])), -1);
      return tf.floor(tf.div(tf.add(fixed, 8192), 16384));
    });
    return { value, gradFunc: (dy: tf.Tensor) => tf.mul(tf.expandDims(dy, -1), tf.mul(weights(), 255)) };
  }) as (x: tf.Tensor4D) => tf.Tensor3D;
  return gray(images);
}
