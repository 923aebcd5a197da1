import * as tf from '@tensorflow/tfjs';

/** ITU-R 601-2 luma weights, as PIL's `convert('L')` documents them. */
export const PIL_LUMA_WEIGHTS = [0.299, 0.587, 0.114] as const;

/**
 * PIL's `Image.convert('L')` on NHWC RGB in [0,1], returned as [B, H, W, 1] in [0,1]:
 * the input is quantised to 8 bits (round, clamp to 0..255, as saving it would), then
 * L = (R·19595 + G·38470 + B·7471 + 0x8000) >> 16 — PIL's fixed-point form of
 * R·299/1000 + G·587/1000 + B·114/1000, exact here because every intermediate is an integer
 * below 2^24 — and divided by 255.
 *
 * The gradient is the straight-through one of the linear formula, dL/dRGB = (0.299, 0.587, 0.114):
 * rounding has a zero gradient almost everywhere, which would blind gradient attacks.
 */
export const pilGrayscale: (images: tf.Tensor4D) => tf.Tensor4D = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const images = inputs[0] as tf.Tensor;
  const value = tf.tidy(() => {
    const q = tf.clipByValue(tf.round(tf.mul(images, 255)), 0, 255);
    const weighted = tf.sum(tf.mul(q, tf.tensor1d([19595, 38470, 7471])), -1, true);
    return tf.div(tf.floor(tf.div(tf.add(weighted, 32768), 65536)), 255);
  });
  return {
    value,
    gradFunc: (dy: tf.Tensor) => tf.mul(dy, tf.tensor1d([...PIL_LUMA_WEIGHTS])),
  };
}) as (images: tf.Tensor4D) => tf.Tensor4D;
