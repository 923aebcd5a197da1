import * as tf from '@tensorflow/tfjs';
import { exactSign } from './exact-sign';
import type { PerturbFn } from './attack-program';
import type { PgdConfig } from './pgd.config';
import { distanceToGoal, scoreGradient } from './score-gradient';

/**
 * PGD (L∞): x₀ = x + U(−ε, ε) (seeded; the runner clips it to [0,1]), then I-FGSM steps with projection.
 */
export const pgdPerturb: PerturbFn<PgdConfig> = (config, context) => ({
  iterations: config.steps,
  init: () => ({
    x: config.randomStart
      ? tf.add(context.clean, tf.randomUniform(context.clean.shape, -config.epsilon, config.epsilon, 'float32', context.seed))
      : context.clean,
    aux: {},
  }),
  step: (state) => {
    const { scores, grad } = scoreGradient(context, state.x, (s) => tf.sum(distanceToGoal(context, s)));
    return { state: { x: tf.sub(state.x, tf.mul(exactSign(grad), config.alpha)), aux: {} }, scores };
  },
});
