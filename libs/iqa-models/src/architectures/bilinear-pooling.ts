import * as tf from '@tensorflow/tfjs';

/**
 * DBCNN's bilinear pooling of two NHWC feature maps x1 [B, H, W, C1] and x2 [B, H', W', C2]:
 * x2 is resized to H×W with bilinear align_corners=True (`F.upsample_bilinear`) when the sizes
 * differ, then X = x1ᵀ·x2 / (H·W) per image → [C1, C2], flattened with the x1 channel outer
 * (PyTorch's `view(N, C1*C2)` of `bmm(X1, X2ᵀ)`), sqrt(X + 1e-8) (the features are ReLU outputs,
 * so no sign is needed), and L2-normalised with eps 1e-12 (`F.normalize`). Returns [B, C1·C2].
 */
export function bilinearPooling(x1: tf.Tensor4D, x2: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => {
    const [batch, height, width, c1] = x1.shape;
    const c2 = x2.shape[3];
    const resized = x2.shape[1] === height && x2.shape[2] === width ? x2 : tf.image.resizeBilinear(x2, [height, width], true);
    const positions = height * width;
    const pooled = tf.div(tf.matMul(tf.reshape(x1, [batch, positions, c1]), tf.reshape(resized, [batch, positions, c2]), true, false), positions);
    const rooted = tf.sqrt(tf.add(tf.reshape(pooled, [batch, c1 * c2]), 1e-8));
    return tf.div(rooted, tf.maximum(tf.norm(rooted, 'euclidean', 1, true), 1e-12)) as tf.Tensor2D;
  });
}
