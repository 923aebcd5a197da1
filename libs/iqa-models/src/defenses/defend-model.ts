import * as tf from '@tensorflow/tfjs';
import type { IqaModel } from '../iqa-model';
import { drawParams, imageHash, isRandomised } from './defense-draws';
import { DefenseError } from './defense-error';
import { defenseRegistry, type DefenseParam, type DefenseSpec } from './defense-registry';

/**
 * How the gradient flows back through the purification:
 * - `exact`: TF.js's own gradient of it (zero for JPEG's roundings, a sparse selection for the median: the
 *   non-adaptive attacker, whose failure is gradient masking, not robustness);
 * - `bpda`: the real purification forward, identity backward (Athalye et al., ICML 2018, §4.1);
 * - `eot`: for a randomised defense, the gradient averaged over K seeded draws (Athalye et al. §4.2), each draw
 *   differentiated exactly when the defense is differentiable and through BPDA when it is not.
 */
export const DEFENSE_GRADIENTS = ['exact', 'bpda', 'eot'] as const;
export type DefenseGradient = (typeof DEFENSE_GRADIENTS)[number];

export interface DefendOptions {
  readonly gradient: DefenseGradient;
  /** EOT: draws averaged per gradient (default 8). */
  readonly eotSamples?: number;
  /** Seed of a randomised defense's draws (default 0). */
  readonly seed?: number;
}

/** An IqaModel behind an input-purification defense. It does not own the base model: `dispose()` leaves it alone. */
export interface DefendedIqaModel extends IqaModel {
  readonly base: IqaModel;
  readonly defense: DefenseSpec;
  readonly gradient: DefenseGradient;
  /** The purified batch the base model sees in the forward pass (draw 0, the deployed defense). */
  purify(images: tf.Tensor4D): tf.Tensor4D;
}

const LIMITS: Record<string, { lo: number; hi: number; integer: boolean; loOpen?: boolean }> = {
  quality: { lo: 1, hi: 100, integer: true },
  factor: { lo: 0, hi: 1, integer: false, loOpen: true },
  sigma: { lo: 0, hi: 10, integer: false, loOpen: true },
  k: { lo: 3, hi: 9, integer: true },
};

function checkParams(defense: DefenseSpec): void {
  for (const [name, value] of Object.entries(defense.params) as Array<[string, DefenseParam | string]>) {
    const limit = LIMITS[name];
    if (!limit) continue;
    const values = Array.isArray(value) ? (value as readonly number[]) : [value as number];
    for (const v of values) {
      const inside = Number.isFinite(v) && (limit.loOpen ? v > limit.lo : v >= limit.lo) && v <= limit.hi && (!limit.integer || Number.isInteger(v));
      if (!inside) throw new DefenseError('INVALID_DEFENSE', `${defense.kind}.${name} must be ${limit.integer ? 'an integer' : 'a number'} in ${limit.loOpen ? '(' : '['}${limit.lo}, ${limit.hi}], got ${v}`);
    }
    if (values.length === 2 && (values[0] as number) > (values[1] as number)) throw new DefenseError('INVALID_DEFENSE', `${defense.kind}.${name}: a range must be [lo, hi] with lo ≤ hi`);
  }
  if (defense.kind === 'median' && defense.params.k % 2 !== 1) throw new DefenseError('INVALID_DEFENSE', `median.k must be odd, got ${defense.params.k}`);
}

/** The forward value of `x` with no gradient path back to its inputs (a copy of its data). */
function detached<T extends tf.Tensor>(x: T): T {
  return tf.tensor(x.dataSync(), x.shape, x.dtype) as T;
}

/**
 * Wraps `model` so that its forward pass purifies, then scores, with the chosen gradient through the purification.
 * A randomised defense (a parameter given as a range) draws its parameters per image from a seeded generator keyed
 * by the image's contents: the defended model is a deterministic function of its input and the seed.
 */
export function defendModel(model: IqaModel, defense: DefenseSpec, options: DefendOptions): DefendedIqaModel {
  checkParams(defense);
  const definition = defenseRegistry[defense.kind];
  const randomised = isRandomised(defense);
  const samples = options.eotSamples ?? 8;
  const seed = options.seed ?? 0;
  if (options.gradient === 'eot' && !randomised) {
    throw new DefenseError('EOT_NEEDS_RANDOMNESS', `EOT averages over random draws, and this ${defense.kind} defense has none: give a parameter as a range (e.g. quality [60, 90]) or use bpda`);
  }
  if (!Number.isInteger(samples) || samples < 1 || samples > 64) throw new DefenseError('INVALID_DEFENSE', `eotSamples must be an integer in [1, 64], got ${samples}`);
  const purifyOne = (x: tf.Tensor4D, params: Record<string, unknown>) => definition.purify(x, params as never);
  const straightThrough = (x: tf.Tensor4D, params: Record<string, unknown>) =>
    tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => ({ value: purifyOne(inputs[0] as tf.Tensor4D, params), gradFunc: (dy: tf.Tensor) => dy }))(x) as tf.Tensor4D;

  /** The batch purified with draw `draw` of each image; backward exact or identity. */
  const purified = (images: tf.Tensor4D, hashes: readonly number[], draw: number, backward: 'exact' | 'identity') => {
    const [n, h, w, c] = images.shape;
    const parts = hashes.map((hash, i) => {
      const image = n === 1 ? images : tf.slice(images, [i, 0, 0, 0], [1, h, w, c]);
      const params = drawParams(defense, seed, hash, draw);
      return backward === 'exact' ? purifyOne(image, params) : straightThrough(image, params);
    });
    return parts.length === 1 ? (parts[0] as tf.Tensor4D) : tf.concat(parts, 0);
  };
  const hashesOf = (images: tf.Tensor4D): number[] => {
    const n = images.shape[0];
    if (!randomised) return new Array<number>(n).fill(0);
    const data = images.dataSync() as Float32Array;
    const size = data.length / n;
    return Array.from({ length: n }, (_, i) => imageHash(data.subarray(i * size, (i + 1) * size)));
  };

  return {
    id: model.id,
    lowerBetter: model.lowerBetter,
    scoreRange: model.scoreRange,
    input: model.input,
    normalization: model.normalization,
    trainableVariables: [],
    base: model,
    defense,
    gradient: options.gradient,
    purify: (images) => tf.tidy(() => purified(images, hashesOf(images), 0, 'exact')),
    score(images) {
      return tf.tidy(() => {
        const hashes = hashesOf(images);
        if (options.gradient === 'exact') return model.score(purified(images, hashes, 0, 'exact'));
        if (options.gradient === 'bpda') return model.score(purified(images, hashes, 0, 'identity'));
        // EOT: the value is the deployed defense's score (draw 0); the gradient is that of the mean over draws 1…K.
        const deployed = model.score(purified(detached(images), hashes, 0, 'exact'));
        const backward = definition.differentiable ? 'exact' : 'identity';
        const draws = Array.from({ length: samples }, (_, k) => model.score(purified(images, hashes, k + 1, backward)));
        const expected = tf.div(draws.length === 1 ? (draws[0] as tf.Tensor1D) : tf.addN(draws), samples) as tf.Tensor1D;
        return tf.add(deployed, tf.sub(expected, detached(expected))) as tf.Tensor1D;
      });
    },
    dispose() {
      // The base model belongs to whoever created it (a cache, a test); the wrapper holds no tensors.
    },
  };
}
