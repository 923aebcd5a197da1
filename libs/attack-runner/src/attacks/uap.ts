import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '@rankfall/metrics';
import { adamUpdate } from './adam-update';
import { attackProgram, type PerturbFn } from './attack-program';
import { distanceToGoal } from './score-gradient';
import { tileToSize } from './tile-to-size';
import type { UapConfig } from './uap.config';

/** clip(x, 0, 1) forward, identity backward (the notebook clamps `res.data`, outside autograd). */
const straightThroughClip = tf.customGrad((...inputs) => ({
  value: tf.clipByValue(inputs[0] as tf.Tensor, 0, 1),
  gradFunc: (dy: tf.Tensor) => dy,
}));

function batchOrder(n: number, batchSize: number, shuffle: boolean, seed: number): number[][] {
  const order = Array.from({ length: n }, (_, i) => i);
  if (shuffle) {
    const random = mulberry32(seed);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
  }
  const batches: number[][] = [];
  for (let i = 0; i < n; i += batchSize) batches.push(order.slice(i, i + batchSize));
  return batches;
}

/**
 * Universal perturbation. Train path (no `context.perturbation`): one step = one epoch over seeded-shuffled
 * batches of the request's images; per batch, Adam on δ to minimise the mean distance of the scores of
 * clip(x + δ) to the goal end, then δ ← clamp(δ, −ε, ε). The iterate is clip(x + δ) for every image.
 * Apply path: x' = clip(x + δ) with the given δ, no steps.
 */
export const uapPerturb: PerturbFn<UapConfig> = (config, context) => {
  const [n, h, w] = context.clean.shape;
  const apply = (delta: tf.Tensor4D) => tf.clipByValue(tf.add(context.clean, tileToSize(delta, h, w)), 0, 1) as tf.Tensor4D;
  const given = context.perturbation;
  if (given !== null) {
    return attackProgram({
      iterations: 0,
      init: () => ({ x: apply(given), aux: {} }),
      step: () => {
        throw new Error('uap: the apply path has no steps');
      },
    });
  }
  const hp = { learningRate: config.learningRate, beta1: config.adamBeta1, beta2: config.adamBeta2, epsilon: config.adamEpsilon };
  const perEpoch = Math.ceil(n / config.batchSize);
  return attackProgram({
    iterations: config.epochs,
    init: () => {
      const zeros = () => tf.zeros([1, config.size, config.size, 3]) as tf.Tensor4D;
      return { x: context.clean, aux: { delta: zeros(), m: zeros(), v: zeros() } };
    },
    step: (state, epoch) => {
      let { delta, m, v } = state.aux;
      const parts: tf.Tensor1D[] = [];
      const batches = batchOrder(n, config.batchSize, config.shuffle, context.seed + epoch);
      batches.forEach((batch, b) => {
        const previous = [delta, m, v];
        const next = tf.tidy(() => {
          const images = tf.gather(context.clean, tf.tensor1d(batch, 'int32'));
          const grad = tf.grad((d: tf.Tensor) => {
            const s = context.model.score(straightThroughClip(tf.add(images, tileToSize(d as tf.Tensor4D, h, w))) as tf.Tensor4D);
            // Kept clone: f(x + δ) of this batch, past the gradient scope (disposed after the concat below).
            parts.push(tf.keep(tf.clone(s)));
            return tf.mean(distanceToGoal(context, s));
          })(delta) as tf.Tensor4D;
          const updated = adamUpdate(delta, grad, { m, v }, (epoch - 1) * perEpoch + b + 1, hp);
          return { delta: tf.clipByValue(updated.param, -config.epsilon, config.epsilon) as tf.Tensor4D, m: updated.m, v: updated.v };
        });
        ({ delta, m, v } = next);
        // Free the previous batch's δ and moments (the state's own are the runner's to dispose).
        if (b > 0) tf.dispose(previous);
      });
      const order = batches.flat();
      const inverse = new Array<number>(n);
      order.forEach((image, position) => (inverse[image] = position));
      const scores = tf.gather(tf.concat(parts), tf.tensor1d(inverse, 'int32')) as tf.Tensor1D;
      tf.dispose(parts);
      return { state: { x: apply(delta), aux: { delta, m, v } }, scores };
    },
    perturbation: (state) => state.aux.delta,
  });
};
