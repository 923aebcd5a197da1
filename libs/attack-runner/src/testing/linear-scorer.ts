import * as tf from '@tensorflow/tfjs';
import type { IqaModel, ScoreRange } from '@rankfall/iqa-models';

export interface LinearScorerOptions {
  /** One weight per pixel and channel, HWC order (length height·width·3). */
  readonly weights: Float32Array;
  readonly height: number;
  readonly width: number;
  readonly bias?: number;
  readonly lowerBetter?: boolean;
  readonly scoreRange?: ScoreRange;
}

/**
 * Test model with a closed-form gradient: f(x) = Σ w·x + b per image, so ∇ₓf = w. Accepts exactly
 * height×width images; no normalisation.
 */
export function createLinearScorer(options: LinearScorerOptions): IqaModel {
  const { height, width } = options;
  if (options.weights.length !== height * width * 3) throw new Error('createLinearScorer: weights must have height·width·3 values');
  const weights = tf.tensor4d(options.weights, [1, height, width, 3]);
  const bias = options.bias ?? 0;
  return {
    id: 'test-linear-scorer',
    lowerBetter: options.lowerBetter ?? false,
    scoreRange: options.scoreRange ?? [-1000, 1000],
    input: { kind: 'fixed', height, width },
    normalization: null,
    trainableVariables: [],
    score: (images) => tf.tidy(() => tf.add(tf.sum(tf.mul(images, weights), [1, 2, 3]), bias) as tf.Tensor1D),
    dispose: () => weights.dispose(),
  };
}
