import * as tf from '@tensorflow/tfjs';
import type { IqaModel } from '@rankfall/iqa-models';

export interface TinyConvNetOptions {
  readonly seed?: number;
  readonly lowerBetter?: boolean;
  /** Hidden channels of both conv layers. Default 8. */
  readonly channels?: number;
}

/**
 * Small differentiable non-linear test model: conv 3×3 (3→C) + ReLU, conv 3×3 stride 2 (C→C) + ReLU, global
 * mean, dense C→1, then 50 + 50·tanh(·): scores in (0, 100), higher = better unless `lowerBetter`. Seeded
 * weights; any image of at least 8×8.
 */
export function createTinyConvNet(options: TinyConvNetOptions = {}): IqaModel {
  const seed = options.seed ?? 1;
  const c = options.channels ?? 8;
  const w1 = tf.randomNormal([3, 3, 3, c], 0, 0.5, 'float32', seed) as tf.Tensor4D;
  const b1 = tf.randomNormal([c], 0, 0.1, 'float32', seed + 1) as tf.Tensor1D;
  const w2 = tf.randomNormal([3, 3, c, c], 0, 0.3, 'float32', seed + 2) as tf.Tensor4D;
  const b2 = tf.randomNormal([c], 0.05, 0.05, 'float32', seed + 3) as tf.Tensor1D;
  const w3 = tf.randomNormal([c, 1], 0, 1, 'float32', seed + 4) as tf.Tensor2D;
  const owned = [w1, b1, w2, b2, w3];
  return {
    id: 'test-tiny-conv-net',
    lowerBetter: options.lowerBetter ?? false,
    scoreRange: [0, 100],
    input: { kind: 'any', minSize: 8 },
    normalization: null,
    trainableVariables: [],
    score: (images) =>
      tf.tidy(() => {
        const h1 = tf.relu(tf.add(tf.conv2d(images, w1, 1, 'same'), b1));
        const h2 = tf.relu(tf.add(tf.conv2d(h1 as tf.Tensor4D, w2, 2, 'same'), b2));
        const pooled = tf.mean(h2, [1, 2]) as tf.Tensor2D;
        const z = tf.reshape(tf.matMul(pooled, w3), [-1]);
        return tf.add(50, tf.mul(50, tf.tanh(z))) as tf.Tensor1D;
      }),
    dispose: () => tf.dispose(owned),
  };
}
