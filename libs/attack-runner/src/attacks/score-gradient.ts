import * as tf from '@tensorflow/tfjs';
import type { AttackContext } from './attack-program';

export interface ScoreGradient {
  /** f(x), one per image; kept alive past the gradient scope (return it from the step, or dispose it). */
  readonly scores: tf.Tensor1D;
  readonly loss: tf.Scalar;
  readonly grad: tf.Tensor4D;
}

/**
 * Value and input gradient of `loss(f(x), x)`, plus the per-image scores f(x) that the loss was built from
 * (so the runner's score trajectory costs no extra forward pass). Call inside `tf.tidy`.
 */
export function scoreGradient(
  context: AttackContext,
  x: tf.Tensor4D,
  loss: (scores: tf.Tensor1D, x: tf.Tensor4D) => tf.Scalar,
): ScoreGradient {
  let scores: tf.Tensor1D | null = null;
  const { value, grad } = tf.valueAndGrad((input: tf.Tensor4D) => {
    const s = context.model.score(input);
    // A clone, not `s` itself: the gradient scope disposes the tensors its tape saved, which may include s.
    scores = tf.keep(tf.clone(s));
    return loss(s, input);
  })(x);
  if (scores === null) throw new Error('scoreGradient: the loss function did not run');
  return { scores, loss: value as tf.Scalar, grad: grad as tf.Tensor4D };
}

/** The score mapped to [0,1] by the model's score range: (f − lo)/(hi − lo). */
export function normalizedScore(context: AttackContext, scores: tf.Tensor1D): tf.Tensor1D {
  const [lo, hi] = context.scoreRange;
  return tf.div(tf.sub(scores, lo), hi - lo);
}

/**
 * Per-image distance of the score to the goal end of the range, in [0,1] for scores inside the range:
 * 1 − f̂ when the objective raises the raw score, f̂ when it lowers it (f̂ = normalised score). Minimising it
 * is Korhonen's and the UAP notebook's "1 − f" for the raising direction.
 */
export function distanceToGoal(context: AttackContext, scores: tf.Tensor1D): tf.Tensor1D {
  const n = normalizedScore(context, scores);
  return context.direction > 0 ? tf.sub(1, n) : n;
}
