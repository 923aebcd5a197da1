import * as tf from '@tensorflow/tfjs';

/**
 * Global max ‖ global min pooling of NHWC features [N, H, W, C] → [N, 2C] (all maxima, then all
 * minima: CNNIQA's `cat(max_pool2d(h), -max_pool2d(-h))`).
 *
 * The gradient goes to the first position of each extremum (as PyTorch's max_pool2d does), built
 * with argMax/argMin + oneHot: tfjs's own Max/Min gradient uses `equal` with broadcasting, which on
 * wasm takes about 1 s for 7.6 M elements (a 500×500 CNNIQA image) and made the backward pass 20×
 * slower than the forward.
 */
export const globalMaxMinPooling: (features: tf.Tensor4D) => tf.Tensor2D = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const features = inputs[0] as tf.Tensor4D;
  const save = inputs[1] as tf.GradSaveFunc;
  // Kept by the engine only while a gradient is being recorded; backprop disposes it.
  save([features]);
  const [n, h, w, c] = features.shape;
  const toColumns = (t: tf.Tensor4D): tf.Tensor2D => tf.reshape(tf.transpose(t, [0, 3, 1, 2]), [n * c, h * w]);
  const value = tf.tidy(() => {
    const columns = toColumns(features);
    return tf.concat([tf.reshape(tf.max(columns, 1), [n, c]), tf.reshape(tf.min(columns, 1), [n, c])], 1);
  });
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const columns = toColumns(saved[0] as tf.Tensor4D);
      const [argMax, argMin] = [tf.argMax(columns, 1), tf.argMin(columns, 1)] as [tf.Tensor1D, tf.Tensor1D];
      const [dyMax, dyMin] = tf.split(dy, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
      const spread = (index: tf.Tensor1D, upstream: tf.Tensor2D): tf.Tensor =>
        // oneHot's dtype argument is ignored by the wasm kernel (int32 bits come back as float32): cast.
        tf.mul(tf.cast(tf.oneHot(index, h * w), 'float32'), tf.reshape(upstream, [n * c, 1]));
      const gradColumns = tf.add(spread(argMax, dyMax), spread(argMin, dyMin));
      return tf.transpose(tf.reshape(gradColumns, [n, c, h, w]), [0, 2, 3, 1]);
    },
  };
}) as (features: tf.Tensor4D) => tf.Tensor2D;
