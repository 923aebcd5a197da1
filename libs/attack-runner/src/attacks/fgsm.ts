import * as tf from '@tensorflow/tfjs';
import { exactSign } from './exact-sign';
import type { PerturbFn } from './attack-program';
import type { FgsmConfig } from './fgsm.config';
import { distanceToGoal, scoreGradient } from './score-gradient';

/** FGSM: x' = x − ε·sign(∇ₓ J), J = Σ distance of the score to the goal end (the runner clips to [0,1]). */
export const fgsmPerturb: PerturbFn<FgsmConfig> = (config, context) => ({
  iterations: 1,
  init: () => ({ x: context.clean, aux: {} }),
  step: (state) => {
    const { scores, grad } = scoreGradient(context, state.x, (s) => tf.sum(distanceToGoal(context, s)));
    return { state: { x: tf.sub(state.x, tf.mul(exactSign(grad), config.epsilon)), aux: {} }, scores };
  },
});
