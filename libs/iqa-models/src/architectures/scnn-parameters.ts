import * as tf from '@tensorflow/tfjs';
import { foldBatchNorm, type FoldedWeights } from '../ops/batch-norm-inference';
import { takeTensor, type WeightMap } from '../weights/weight-map';

/** PyTorch BatchNorm2d's default epsilon, used by every S-CNN BN layer. */
export const SCNN_BN_EPSILON = 1e-5;

/**
 * The tf.Variables of a network loaded from a PyTorch state dict, keyed by state-dict name
 * (in TF.js layout). Owns them: `dispose()` frees all.
 */
export class ScnnParameterStore {
  readonly #variables = new Map<string, tf.Variable>();
  readonly #trainable: tf.Variable[] = [];

  constructor(private readonly weights: WeightMap) {}

  /** Every variable by state-dict name, in load order. */
  get variables(): ReadonlyMap<string, tf.Variable> {
    return this.#variables;
  }

  get trainableVariables(): readonly tf.Variable[] {
    return this.#trainable;
  }

  /**
   * Loads `name` (checked against the PyTorch `shape`), applies `toTfLayout` (e.g. OIHW → HWIO)
   * and keeps it as a variable. Throws MISSING_TENSOR / SHAPE_MISMATCH naming the tensor.
   */
  take<R extends tf.Rank>(
    name: string,
    shape: readonly number[],
    trainable: boolean,
    toTfLayout: (t: tf.Tensor) => tf.Tensor<R> = (t) => t as tf.Tensor<R>,
  ): tf.Variable<R> {
    const { data } = takeTensor(this.weights, name, shape);
    const variable = tf.tidy(() => tf.variable(toTfLayout(tf.tensor(data, [...shape])), trainable));
    this.#variables.set(name, variable);
    if (trainable) this.#trainable.push(variable);
    return variable;
  }

  /** A conv/linear layer with bias followed by BatchNorm (`bnName.{weight,bias,running_mean,running_var}`). */
  takeConvBn<R extends tf.Rank>(
    convName: string,
    bnName: string,
    weightShape: readonly number[],
    toTfLayout: (t: tf.Tensor) => tf.Tensor<R>,
  ): ConvBnParameters<R> {
    const channels = weightShape[0] ?? 0;
    return {
      weight: this.take(`${convName}.weight`, weightShape, true, toTfLayout),
      bias: this.take<tf.Rank.R1>(`${convName}.bias`, [channels], true),
      gamma: this.take<tf.Rank.R1>(`${bnName}.weight`, [channels], true),
      beta: this.take<tf.Rank.R1>(`${bnName}.bias`, [channels], true),
      runningMean: this.take<tf.Rank.R1>(`${bnName}.running_mean`, [channels], false),
      runningVar: this.take<tf.Rank.R1>(`${bnName}.running_var`, [channels], false),
    };
  }

  dispose(): void {
    for (const variable of this.#variables.values()) variable.dispose();
    this.#variables.clear();
    this.#trainable.length = 0;
  }
}

/** A layer with bias followed by an inference-mode BatchNorm; output channels on the last axis. */
export interface ConvBnParameters<R extends tf.Rank> {
  readonly weight: tf.Variable<R>;
  readonly bias: tf.Variable<tf.Rank.R1>;
  readonly gamma: tf.Variable<tf.Rank.R1>;
  readonly beta: tf.Variable<tf.Rank.R1>;
  readonly runningMean: tf.Variable<tf.Rank.R1>;
  readonly runningVar: tf.Variable<tf.Rank.R1>;
}

/** The layer's weights with BN folded in (recomputed per forward, so gradients reach every variable). */
export function foldConvBn<R extends tf.Rank>(p: ConvBnParameters<R>): FoldedWeights<tf.Tensor<R>> {
  return foldBatchNorm(p.weight as tf.Tensor<R>, p.bias, {
    gamma: p.gamma,
    beta: p.beta,
    mean: p.runningMean,
    variance: p.runningVar,
    epsilon: SCNN_BN_EPSILON,
  });
}

/** PyTorch conv weight [out, in, kh, kw] → TF.js HWIO [kh, kw, in, out]. */
export function oihwToHwio(t: tf.Tensor): tf.Tensor4D {
  return tf.transpose(t as tf.Tensor4D, [2, 3, 1, 0]);
}

/** PyTorch 1×1 conv weight [out, in, 1, 1] or Linear weight [out, in] → dense [in, out]. */
export function toDenseInOut(t: tf.Tensor): tf.Tensor2D {
  const [out, inputs] = t.shape as [number, number];
  return tf.transpose(tf.reshape(t, [out, inputs]) as tf.Tensor2D);
}
