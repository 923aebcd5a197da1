import * as tf from '@tensorflow/tfjs';
import { adamUpdate } from './adam-update';
import { attackProgram, type PerturbFn } from './attack-program';
import { differentiableSsim } from './differentiable-ssim';
import { normalizedScore, scoreGradient } from './score-gradient';
import type { ZhangPerceptualConfig } from './zhang-perceptual.config';

/** [1,H,W,1] ones with the k×k top-left and bottom-right corners zeroed. */
function cornerMask(h: number, w: number, k: number): tf.Tensor4D {
  const mask = tf.buffer([1, h, w, 1], 'float32');
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const corner = (y < k && x < k) || (y >= h - k && x >= w - k);
      mask.set(corner ? 0 : 1, 0, y, x, 0);
    }
  }
  return mask.toTensor() as tf.Tensor4D;
}

/**
 * Zhang et al. 2022: Adam on the image minimising −[S(Δ) + λ·SSIM(x, x')], Δ = change of the score on a
 * 0–`scoreScale` scale, S = dir·Δ·|Δ| ('signed') or Δ² ('squared'); the gradient is NaN→0, L2-normalised per
 * image, corner-zeroed; x' starts at x + initNoise·u, u ∈ {−1, 0} (seeded).
 */
export const zhangPerceptualPerturb: PerturbFn<ZhangPerceptualConfig> = (config, context) => {
  const hp = { learningRate: config.learningRate, beta1: config.adamBeta1, beta2: config.adamBeta2, epsilon: config.adamEpsilon };
  const [, h, w] = context.clean.shape;
  const scaled = (scores: tf.Tensor1D) => tf.mul(normalizedScore(context, scores), config.scoreScale);
  const loss = (scores: tf.Tensor1D, x: tf.Tensor4D): tf.Scalar => {
    const delta = tf.sub(scaled(scores), scaled(context.cleanScores));
    const scoreTerm = config.scoreTerm === 'squared' ? tf.square(delta) : tf.mul(tf.mul(delta, tf.abs(delta)), context.direction);
    const fidelity =
      config.regularizer === 'ssim' && config.lambda > 0
        ? tf.mul(differentiableSsim(context.clean, x, { downsample: config.ssimDownsample }), config.lambda)
        : tf.zerosLike(scoreTerm);
    return tf.neg(tf.sum(tf.add(scoreTerm, fidelity))) as tf.Scalar;
  };
  return attackProgram({
    iterations: config.steps,
    init: () => {
      const u = tf.sub(tf.floor(tf.mul(tf.randomUniform(context.clean.shape, 0, 1, 'float32', context.seed), 2)), 1);
      return {
        x: tf.add(context.clean, tf.mul(u, config.initNoise)) as tf.Tensor4D,
        aux: { m: tf.zerosLike(context.clean), v: tf.zerosLike(context.clean), corners: cornerMask(h, w, config.cornerSize) },
      };
    },
    step: (state, iteration) => {
      const { x, aux } = state;
      const { scores, grad } = scoreGradient(context, x, loss);
      const finite = tf.where(tf.isNaN(grad), tf.zerosLike(grad), grad);
      const norm = tf.sqrt(tf.sum(tf.square(tf.add(finite, 1e-12)), [1, 2, 3], true));
      const g = tf.mul(tf.div(finite, norm), aux.corners) as tf.Tensor4D;
      if (config.resetOptimizerEachStep) {
        // The code builds a fresh Adam every step: first-step moments, t = 1 (aux.m/v stay the unused zeros).
        const next = adamUpdate(x, g, { m: tf.zerosLike(x), v: tf.zerosLike(x) }, 1, hp);
        return { state: { x: next.param, aux }, scores };
      }
      const next = adamUpdate(x, g, { m: aux.m, v: aux.v }, iteration, hp);
      return { state: { x: next.param, aux: { m: next.m, v: next.v, corners: aux.corners } }, scores };
    },
  });
};
