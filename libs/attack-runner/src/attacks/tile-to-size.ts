import * as tf from '@tensorflow/tfjs';

/**
 * A [1,s,s',C] perturbation repeated over the plane and cropped to [1,h,w,C] from the top-left corner (how a
 * universal perturbation trained at one size is applied to images of another). Differentiable (tile + slice).
 */
export function tileToSize(delta: tf.Tensor4D, height: number, width: number): tf.Tensor4D {
  const [, dh, dw, c] = delta.shape;
  if (dh === height && dw === width) return delta;
  return tf.tidy(() => {
    const tiled = tf.tile(delta, [1, Math.ceil(height / dh), Math.ceil(width / dw), 1]);
    return tf.slice(tiled, [0, 0, 0, 0], [1, height, width, c]) as tf.Tensor4D;
  });
}
