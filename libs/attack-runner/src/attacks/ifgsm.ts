import * as tf from '@tensorflow/tfjs';
import { exactSign } from './exact-sign';
import type { PerturbFn } from './attack-program';
import type { IfgsmConfig } from './ifgsm.config';
import { distanceToGoal, scoreGradient } from './score-gradient';

/** I-FGSM: `steps` times x ← x − α·sign(∇J(x)); the runner projects onto the ε-ball and [0,1] after each. */
export const ifgsmPerturb: PerturbFn<IfgsmConfig> = (config, context) => ({
  iterations: config.steps,
  init: () => ({ x: context.clean, aux: {} }),
  step: (state) => {
    const { scores, grad } = scoreGradient(context, state.x, (s) => tf.sum(distanceToGoal(context, s)));
    return { state: { x: tf.sub(state.x, tf.mul(exactSign(grad), config.alpha)), aux: {} }, scores };
  },
});
