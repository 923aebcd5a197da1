import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '@rankfall/metrics';
import { adamUpdate } from './adam-update';
import type { AttackContext } from './attack-program';
import { distanceToGoal } from './score-gradient';
import { tileToSize } from './tile-to-size';
import type { UapConfig } from './uap.config';

/** clip(x, 0, 1) forward, identity backward (the notebook clamps `res.data`, outside autograd). */
const straightThroughClip = tf.customGrad((...inputs) => ({
  value: tf.clipByValue(inputs[0] as tf.Tensor, 0, 1),
  gradFunc: (dy: tf.Tensor) => dy,
}));

/** δ and its Adam moments, each [1, size, size, 3]. Owned by the caller: a step returns new tensors and never disposes these. */
export interface UapTrainState {
  readonly delta: tf.Tensor4D;
  readonly m: tf.Tensor4D;
  readonly v: tf.Tensor4D;
}

/** What the UAP objective needs besides the images: the model and the goal (direction and score range). */
export type UapObjective = Pick<AttackContext, 'model' | 'direction' | 'scoreRange'>;

/** A zero δ and zero moments of the config's size (the notebook's start). */
export function uapInitialState(config: Pick<UapConfig, 'size'>): UapTrainState {
  const zeros = () => tf.zeros([1, config.size, config.size, 3]) as tf.Tensor4D;
  return { delta: zeros(), m: zeros(), v: zeros() };
}

/**
 * The batches of one epoch: indices 0…n−1 in seeded-shuffled order (seed = run seed + epoch, so the order of any
 * epoch is recomputed from two numbers: the whole RNG state a checkpoint needs), cut into `batchSize` pieces.
 */
export function uapBatchOrder(n: number, batchSize: number, shuffle: boolean, seed: number): number[][] {
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
 * One optimised-UAP update on one batch: Adam on δ to minimise the mean distance to the goal of the scores of
 * clip(x + δ) (straight-through clip), then δ ← clamp(δ, −ε, ε). `t` is the 1-based Adam step. `groups` is the
 * batch as same-size NHWC tensors (one group when every image has the same size: then the loss is exactly
 * `uapPerturb`'s; several groups weigh each image equally). Returns new tensors (the caller disposes the old
 * state) and f(clip(x + δ)) per image in group order. Synchronous; runs its own `tf.tidy`.
 */
export function uapTrainStep(config: UapConfig, objective: UapObjective, groups: readonly tf.Tensor4D[], state: UapTrainState, t: number): { state: UapTrainState; scores: tf.Tensor1D } {
  if (groups.length === 0) throw new Error('uapTrainStep: a batch needs at least one image');
  const hp = { learningRate: config.learningRate, beta1: config.adamBeta1, beta2: config.adamBeta2, epsilon: config.adamEpsilon };
  const count = groups.reduce((sum, g) => sum + (g.shape[0] as number), 0);
  return tf.tidy(() => {
    const parts: tf.Tensor1D[] = [];
    const grad = tf.grad((d: tf.Tensor) => {
      const losses = groups.map((images) => {
        const [, h, w] = images.shape;
        const s = objective.model.score(straightThroughClip(tf.add(images, tileToSize(d as tf.Tensor4D, h, w))) as tf.Tensor4D);
        // A clone: f(x + δ) of this group, past the gradient scope (the tape disposes what it saved).
        parts.push(tf.keep(tf.clone(s)));
        // distanceToGoal reads only `direction` and `scoreRange` of its context.
        const distance = distanceToGoal(objective as AttackContext, s);
        return groups.length === 1 ? tf.mean(distance) : tf.div(tf.sum(distance), count);
      });
      return losses.length === 1 ? (losses[0] as tf.Scalar) : tf.addN(losses);
    })(state.delta) as tf.Tensor4D;
    const updated = adamUpdate(state.delta, grad, { m: state.m, v: state.v }, t, hp);
    const scores = parts.length === 1 ? (parts[0] as tf.Tensor1D) : (tf.concat(parts) as tf.Tensor1D);
    if (parts.length > 1) tf.dispose(parts); // kept, so this tidy would not free them
    return { state: { delta: tf.clipByValue(updated.param, -config.epsilon, config.epsilon) as tf.Tensor4D, m: updated.m, v: updated.v }, scores };
  }) as { state: UapTrainState; scores: tf.Tensor1D };
}
