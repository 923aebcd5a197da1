import * as tf from '@tensorflow/tfjs';

export interface AdamHyperParameters {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

export type AdamMoments<T extends tf.Tensor> = {
  readonly m: T;
  readonly v: T;
};

/**
 * One Adam update of `param` (PyTorch `torch.optim.Adam` and MATLAB `adamupdate`, no weight decay):
 *
 *     m ← β1·m + (1 − β1)·g,  v ← β2·v + (1 − β2)·g²,
 *     p ← p − lr · (m / (1 − β1^t)) / ( sqrt(v / (1 − β2^t)) + eps )
 *
 * `t` is the 1-based update count. Pure: returns new tensors (call inside `tf.tidy`).
 */
export function adamUpdate<T extends tf.Tensor>(
  param: T,
  grad: T,
  moments: AdamMoments<T>,
  t: number,
  hp: AdamHyperParameters,
): { readonly param: T; readonly m: T; readonly v: T } {
  const m = tf.add(tf.mul(moments.m, hp.beta1), tf.mul(grad, 1 - hp.beta1)) as T;
  const v = tf.add(tf.mul(moments.v, hp.beta2), tf.mul(tf.square(grad), 1 - hp.beta2)) as T;
  const mHat = tf.div(m, 1 - hp.beta1 ** t);
  const vHat = tf.div(v, 1 - hp.beta2 ** t);
  const update = tf.div(tf.mul(mHat, hp.learningRate), tf.add(tf.sqrt(vHat), hp.epsilon));
  return { param: tf.sub(param, update) as T, m, v };
}
