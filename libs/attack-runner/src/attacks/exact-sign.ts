import * as tf from '@tensorflow/tfjs';

/**
 * sign(x) ∈ {−1, 0, 1} by exact comparison with 0. `tf.sign` on the wasm backend (4.22) returns 0 for
 * |x| < FLT_EPSILON ≈ 1.19e-7 (measured: sign(1.1e-7) = 0, sign(1.2e-7) = 1), which silently freezes pixels
 * whose gradient is small — common on large images, where each pixel's share of the score is tiny.
 */
export function exactSign<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.sub(tf.cast(tf.greater(x, 0), 'float32'), tf.cast(tf.less(x, 0), 'float32')) as T);
}
