import * as tf from '@tensorflow/tfjs';

/**
 * Korhonen & You's spatial-activity map (`makeSpatialActivityMap` of their MATLAB code), per image:
 * Y = luma of the RGB image (the BT.601 weights of `rgb2ycbcr`; its offset and scale cancel below);
 * A = (Y ⋆ H)² + (Y ⋆ Hᵀ)², H = [−1 −2 −1; 0 0 0; 1 2 1]/8 (correlation, as `imfilter`); the one-pixel border
 * set to 0; A / max(A) (all ones when max(A) = 0); then grey dilation with the 5×5 kernel whose four corners
 * are 0 (`imdilate`, outside pixels ignored) — the union of a 5×3 and a 3×5 window, i.e. the max of two max
 * pools. Input NHWC [N,H,W,3] in [0,1]; output [N,H,W,1] in [0,1]. No gradient flows through it.
 */
export function spatialActivityMask(images: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w] = images.shape;
    const luma = tf.sum(tf.mul(images, tf.tensor1d([0.299, 0.587, 0.114])), 3, true) as tf.Tensor4D;
    const sobel = tf.tensor4d([-1, -2, -1, 0, 0, 0, 1, 2, 1].map((v) => v / 8), [3, 3, 1, 1]);
    const sobelT = tf.tensor4d([-1, 0, 1, -2, 0, 2, -1, 0, 1].map((v) => v / 8), [3, 3, 1, 1]);
    const gy = tf.conv2d(luma, sobel, 1, 'valid');
    const gx = tf.conv2d(luma, sobelT, 1, 'valid');
    const interior = tf.add(tf.square(gy), tf.square(gx));
    const activity = tf.pad(interior, [[0, 0], [1, 1], [1, 1], [0, 0]]) as tf.Tensor4D;
    const max = tf.max(activity, [1, 2, 3], true);
    const normalised = tf.where(
      tf.greater(tf.broadcastTo(max, [n, h, w, 1]), 0),
      tf.div(activity, tf.maximum(max, Number.MIN_VALUE)),
      tf.onesLike(activity),
    ) as tf.Tensor4D;
    const tall = tf.maxPool(normalised, [5, 3], 1, 'same');
    const wide = tf.maxPool(normalised, [3, 5], 1, 'same');
    return tf.maximum(tall, wide) as tf.Tensor4D;
  });
}
