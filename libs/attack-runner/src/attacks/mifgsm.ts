import * as tf from '@tensorflow/tfjs';
import { exactSign } from './exact-sign';
import { attackProgram, type PerturbFn } from './attack-program';
import type { MifgsmConfig } from './mifgsm.config';
import { distanceToGoal, scoreGradient } from './score-gradient';

/**
 * MI-FGSM (Dong et al. 2018): g ← μ·g + ∇J/‖∇J‖₁ (L1 norm per image), x ← x − α·sign(g); the runner
 * projects onto the ε-ball and [0,1] after each step.
 */
export const mifgsmPerturb: PerturbFn<MifgsmConfig> = (config, context) =>
  attackProgram({
  iterations: config.steps,
  init: () => ({ x: context.clean, aux: { momentum: tf.zerosLike(context.clean) } }),
  step: (state) => {
    const { scores, grad } = scoreGradient(context, state.x, (s) => tf.sum(distanceToGoal(context, s)));
    const l1 = tf.add(tf.sum(tf.abs(grad), [1, 2, 3], true), 1e-12);
    const momentum = tf.add(tf.mul(state.aux.momentum, config.decay), tf.div(grad, l1)) as tf.Tensor4D;
    return { state: { x: tf.sub(state.x, tf.mul(exactSign(momentum), config.alpha)), aux: { momentum } }, scores };
  },
  });
