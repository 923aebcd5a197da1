import * as tf from '@tensorflow/tfjs';
import { exactSign } from './exact-sign';
import type { PerturbFn } from './attack-program';
import { scoreGradient } from './score-gradient';
import type { SmaStage2Config } from './sma-stage2.config';

/**
 * SMA stage two: targeted I-FGSM, x ← x − α·sign(∇ Σ_i (f(x_i) − ŝ_i)²), from x; the runner projects onto the
 * ε-ball and [0,1] after each step. The targets come from the request (stage one), in raw score units.
 */
export const smaStage2Perturb: PerturbFn<SmaStage2Config> = (config, context) => {
  const targets = context.targets;
  if (targets === null) throw new Error('sma-stage2 needs per-image targets (the runner checks this)');
  return {
    iterations: config.steps,
    init: () => ({ x: context.clean, aux: {} }),
    step: (state) => {
      const { scores, grad } = scoreGradient(context, state.x, (s) => tf.sum(tf.square(tf.sub(s, targets))));
      return { state: { x: tf.sub(state.x, tf.mul(exactSign(grad), config.alpha)), aux: {} }, scores };
    },
  };
};
