import * as tf from '@tensorflow/tfjs';
import { attackProgram, type PerturbFn } from './attack-program';
import { tileToSize } from './tile-to-size';
import type { UapConfig } from './uap.config';
import { uapBatchOrder, uapInitialState, uapTrainStep } from './uap-train-step';

/**
 * Universal perturbation. Train path (no `context.perturbation`): one step = one epoch over seeded-shuffled
 * batches of the request's images; per batch (`uapTrainStep`, which the run engine's streaming stage uses too),
 * Adam on δ to minimise the mean distance of the scores of clip(x + δ) to the goal end, then δ ← clamp(δ, −ε, ε). The iterate is clip(x + δ) for every image.
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
  const perEpoch = Math.ceil(n / config.batchSize);
  return attackProgram({
    iterations: config.epochs,
    init: () => ({ x: context.clean, aux: { ...uapInitialState(config) } }),
    step: (state, epoch) => {
      let current = { delta: state.aux.delta, m: state.aux.m, v: state.aux.v };
      const parts: tf.Tensor1D[] = [];
      const batches = uapBatchOrder(n, config.batchSize, config.shuffle, context.seed + epoch);
      batches.forEach((batch, b) => {
        const images = tf.tidy(() => tf.gather(context.clean, tf.tensor1d(batch, 'int32')) as tf.Tensor4D);
        const next = uapTrainStep(config, context, [images], current, (epoch - 1) * perEpoch + b + 1);
        images.dispose();
        parts.push(next.scores);
        // Free the previous batch's δ and moments (the state's own are the runner's to dispose).
        if (b > 0) tf.dispose([current.delta, current.m, current.v]);
        current = next.state;
      });
      const { delta, m, v } = current;
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
