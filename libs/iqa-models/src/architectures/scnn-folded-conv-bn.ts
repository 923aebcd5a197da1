import * as tf from '@tensorflow/tfjs';
import { Conv2dInputGradientKernels } from '../ops/conv2d-input-gradient-kernels';
import { foldConvBn, SCNN_BN_EPSILON, type ConvBnParameters } from './scnn-parameters';

/** What a conv layer needs from `ScnnFoldedConvBn` for one forward pass. */
export interface FoldedConvWeights {
  /** HWIO, BN folded in; shares the cached tensor's data. */
  readonly filter: tf.Tensor4D;
  readonly bias: tf.Tensor1D;
  /** Prepared from the cached filter, for `conv2dFastGrad`'s `inputGradientKernels`. */
  readonly inputGradientKernels: Conv2dInputGradientKernels;
}

interface Cache {
  /** The data of weight, bias, γ, β, running mean and variance the fold was computed from. */
  readonly sources: readonly object[];
  readonly filter: tf.Tensor4D;
  readonly bias: tf.Tensor1D;
  readonly kernels: Conv2dInputGradientKernels;
}

/**
 * One conv + inference-BN layer whose BN-folded weights are computed once and reused while its six
 * variables keep their values, instead of being folded anew on every forward pass.
 *
 * Why: on wasm, XNNPACK builds a convolution operator (packed weights, indirection buffer) for every new
 * filter tensor and keeps it while that tensor lives. A fold per pass meant a new forward filter and new
 * input-gradient kernels (`Conv2dInputGradientKernels`) per step: 30 operator builds per S-CNN step, about
 * 10 % of a 500×500 stage-2 step. With the cache, every pass hands the backend the same tensors.
 *
 * Values: the cached weights are `foldConvBn` of the variables, so the forward and the input gradient are
 * bit-identical to folding per pass. Gradients still reach the variables (training): each pass returns the
 * cached data through a `tf.customGrad` whose gradient is the fold's own derivative, written out with the
 * same ops as TF.js's autodiff of `foldBatchNorm` (the γ and variance gradients are summed over the filter
 * and bias paths in the other order: equal up to float32 rounding).
 *
 * Staleness: `tf.Variable.assign` (what optimisers and loaders use) gives a variable new data, so the cache
 * is keyed on the data of the six variables and rebuilt when any of them changed. Owns its tensors:
 * `dispose()`.
 */
export class ScnnFoldedConvBn {
  readonly #params: ConvBnParameters<tf.Rank.R4>;
  readonly #stride: 1 | 2;
  readonly #pad: number;
  #cache: Cache | null = null;

  constructor(params: ConvBnParameters<tf.Rank.R4>, stride: 1 | 2, pad: number) {
    this.#params = params;
    this.#stride = stride;
    this.#pad = pad;
  }

  /** This pass's folded weights (call inside `tf.tidy`; the filter and bias are disposed with it). */
  weights(): FoldedConvWeights {
    const cache = this.#current();
    const { weight, bias, gamma, beta, runningMean, runningVar } = this.#params;
    const filterOp = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [w, g, v] = args as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D];
      return { value: tf.reshape(cache.filter, cache.filter.shape), gradFunc: (dy: tf.Tensor) => filterGradients(dy as tf.Tensor4D, w, g, v) };
    });
    const biasOp = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [b, m, g, , v] = args as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
      return { value: tf.reshape(cache.bias, cache.bias.shape), gradFunc: (dy: tf.Tensor) => biasGradients(dy as tf.Tensor1D, b, m, g, v) };
    });
    return {
      filter: filterOp(weight, gamma, runningVar) as tf.Tensor4D,
      bias: biasOp(bias, runningMean, gamma, beta, runningVar) as tf.Tensor1D,
      inputGradientKernels: cache.kernels,
    };
  }

  /** Frees the cached tensors (the variables belong to the parameter store). */
  dispose(): void {
    this.#release();
  }

  #current(): Cache {
    const p = this.#params;
    const sources = [p.weight, p.bias, p.gamma, p.beta, p.runningMean, p.runningVar].map((v) => v.dataId as object);
    if (this.#cache !== null && this.#cache.sources.every((s, i) => s === sources[i])) return this.#cache;
    this.#release();
    const kept = tf.tidy(() => {
      const folded = foldConvBn(p);
      return { filter: tf.keep(folded.filter as tf.Tensor4D), bias: tf.keep(folded.bias) };
    });
    this.#cache = { sources, ...kept, kernels: Conv2dInputGradientKernels.prepare(kept.filter, this.#stride, this.#pad) };
    return this.#cache;
  }

  #release(): void {
    if (this.#cache === null) return;
    this.#cache.kernels.dispose();
    this.#cache.filter.dispose();
    this.#cache.bias.dispose();
    this.#cache = null;
  }
}

/** ∂/∂(γ, variance) of scale = γ / √(variance + ε) given ∂/∂scale, as TF.js differentiates div and sqrt. */
function scaleGradients(dScale: tf.Tensor1D, gamma: tf.Tensor1D, variance: tf.Tensor1D): [tf.Tensor1D, tf.Tensor1D] {
  const shifted = tf.add(variance, SCNN_BN_EPSILON);
  const root = tf.sqrt(shifted);
  const dGamma = tf.div(dScale, root);
  const dRoot = tf.neg(tf.div(tf.mul(dScale, gamma), tf.square(root)));
  const dVariance = tf.div(dRoot, tf.mul(tf.sqrt(shifted), 2));
  return [dGamma as tf.Tensor1D, dVariance as tf.Tensor1D];
}

function scaleOf(gamma: tf.Tensor1D, variance: tf.Tensor1D): tf.Tensor1D {
  return tf.div(gamma, tf.sqrt(tf.add(variance, SCNN_BN_EPSILON)));
}

/** Gradients of filter' = w · scale with respect to (w, γ, variance). */
function filterGradients(dy: tf.Tensor4D, w: tf.Tensor4D, gamma: tf.Tensor1D, variance: tf.Tensor1D): tf.Tensor[] {
  const dW = tf.mul(dy, scaleOf(gamma, variance));
  const dScale = tf.reshape(tf.sum(tf.mul(dy, w), [0, 1, 2]), gamma.shape) as tf.Tensor1D;
  return [dW, ...scaleGradients(dScale, gamma, variance)];
}

/** Gradients of bias' = (b − mean) · scale + β with respect to (b, mean, γ, β, variance). */
function biasGradients(dy: tf.Tensor1D, b: tf.Tensor1D, mean: tf.Tensor1D, gamma: tf.Tensor1D, variance: tf.Tensor1D): tf.Tensor[] {
  const dShifted = tf.mul(dy, scaleOf(gamma, variance));
  const dScale = tf.mul(dy, tf.sub(b, mean)) as tf.Tensor1D;
  const [dGamma, dVariance] = scaleGradients(dScale, gamma, variance);
  return [dShifted, tf.neg(dShifted), dGamma, tf.clone(dy), dVariance];
}
