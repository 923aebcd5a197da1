import * as tf from '@tensorflow/tfjs';
import { OpsError } from './ops-error';

/** An inference-mode BatchNorm: y = (x − mean) / √(variance + epsilon) · gamma + beta, per channel. */
export interface BatchNormParams {
  readonly gamma: tf.Tensor1D;
  readonly beta: tf.Tensor1D;
  readonly mean: tf.Tensor1D;
  readonly variance: tf.Tensor1D;
  /** PyTorch's BatchNorm default is 1e-5. */
  readonly epsilon: number;
}

/** A linear layer's weights with the output channels on the LAST axis (HWIO conv, [in, out] dense). */
export interface FoldedWeights<T extends tf.Tensor> {
  readonly filter: T;
  readonly bias: tf.Tensor1D;
}

/**
 * Folds an inference-mode BatchNorm into the preceding conv or dense layer:
 * w' = w · γ/√(var+eps) (per output channel), b' = (b − mean) · γ/√(var+eps) + β.
 * Differentiable in every argument, so gradients reach the unfolded weights. `bias` null means 0.
 */
export function foldBatchNorm<T extends tf.Tensor>(
  filter: T,
  bias: tf.Tensor1D | null,
  bn: BatchNormParams,
): FoldedWeights<T> {
  const channels = filter.shape[filter.rank - 1];
  for (const [name, t] of [
    ['gamma', bn.gamma],
    ['beta', bn.beta],
    ['mean', bn.mean],
    ['variance', bn.variance],
    ['bias', bias],
  ] as const) {
    if (t !== null && (t.rank !== 1 || t.shape[0] !== channels)) {
      throw new OpsError('SHAPE_MISMATCH', `foldBatchNorm: ${name} has shape [${t.shape.join(', ')}], expected [${channels}]`);
    }
  }
  return tf.tidy(() => {
    const scale = tf.div(bn.gamma, tf.sqrt(tf.add(bn.variance, bn.epsilon)));
    const shifted = bias === null ? tf.neg(bn.mean) : tf.sub(bias, bn.mean);
    return {
      filter: tf.mul(filter, scale) as T,
      bias: tf.add(tf.mul(shifted, scale), bn.beta) as tf.Tensor1D,
    };
  });
}
