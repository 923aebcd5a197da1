import * as tf from '@tensorflow/tfjs';
import { adamUpdate } from './adam-update';
import { attackProgram, type PerturbFn } from './attack-program';
import type { KorhonenConfig } from './korhonen.config';
import { distanceToGoal, scoreGradient } from './score-gradient';
import { spatialActivityMask } from './spatial-activity-mask';

/**
 * Korhonen & You 2022: Adam on the image with the gradient multiplied by the spatial-activity mask of the clean
 * image; per image, keep the iterate with the lowest loss; stop once every image has gone `patience` updates
 * without improving (never before `minIterations`). Loss per image = distance of its score to the goal end.
 */
export const korhonenPerturb: PerturbFn<KorhonenConfig> = (config, context) => {
  const hp = { learningRate: config.learningRate, beta1: config.adamBeta1, beta2: config.adamBeta2, epsilon: config.adamEpsilon };
  const n = context.clean.shape[0];
  return attackProgram({
    iterations: config.maxIterations,
    init: () => ({
      x: context.clean,
      aux: {
        mask: spatialActivityMask(context.clean),
        m: tf.zerosLike(context.clean),
        v: tf.zerosLike(context.clean),
        best: context.clean,
        bestLoss: tf.fill([n], Infinity) as tf.Tensor1D,
        stall: tf.zeros([n]) as tf.Tensor1D,
      },
    }),
    step: (state, iteration) => {
      const { x, aux } = state;
      const { scores, grad } = scoreGradient(context, x, (s) => tf.sum(distanceToGoal(context, s)));
      const loss = distanceToGoal(context, scores);
      const improved = tf.less(loss, aux.bestLoss);
      const best = tf.where(tf.reshape(improved, [n, 1, 1, 1]), x, aux.best) as tf.Tensor4D;
      const bestLoss = tf.where(improved, loss, aux.bestLoss) as tf.Tensor1D;
      const stall = tf.where(improved, tf.zerosLike(aux.stall), tf.add(aux.stall, 1)) as tf.Tensor1D;
      const next = adamUpdate(x, tf.mul(grad, aux.mask) as tf.Tensor4D, { m: aux.m, v: aux.v }, iteration, hp);
      const done = iteration >= config.minIterations ? tf.all(tf.greaterEqual(stall, config.patience)) : undefined;
      return {
        state: { x: next.param, aux: { mask: aux.mask, m: next.m, v: next.v, best, bestLoss, stall } },
        scores,
        ...(done === undefined ? {} : { done }),
      };
    },
    finish: (state) => {
      // The last update was never scored: keep it only if it beats the best so far.
      const loss = distanceToGoal(context, context.model.score(state.x));
      return tf.where(tf.reshape(tf.less(loss, state.aux.bestLoss), [n, 1, 1, 1]), state.x, state.aux.best) as tf.Tensor4D;
    },
  });
};
