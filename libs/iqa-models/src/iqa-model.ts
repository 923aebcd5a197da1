import type * as tf from '@tensorflow/tfjs';

/** A numeric score range `[lo, hi]` of a model's output. */
export type ScoreRange = readonly [lo: number, hi: number];

/** Channel-wise normalisation applied by the model to its [0,1] RGB input. */
export interface InputNormalization {
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
}

/**
 * How a model consumes an image: the whole image at any size, a fixed size, or patches.
 * Attacks always hand the model NHWC float32 in [0,1]; the model does the rest.
 */
export type InputSpec =
  | { readonly kind: 'any'; readonly minSize: number }
  | { readonly kind: 'fixed'; readonly height: number; readonly width: number }
  | { readonly kind: 'patches'; readonly patchSize: number; readonly stride: number };

/** Facts about a model that behaviour may depend on (never its name). */
export interface IqaModelFacts {
  /** Catalog id, e.g. `scnn-mean-logit` or `rankfall-demo-cnn`. */
  readonly id: string;
  /** true when a higher score means worse quality (DMOS, BRISQUE, ...). */
  readonly lowerBetter: boolean;
  readonly scoreRange: ScoreRange;
  readonly input: InputSpec;
  readonly normalization: InputNormalization | null;
}

/**
 * A differentiable NR-IQA model. `score` maps a batch of NHWC float32 images in [0,1] to a
 * rank-1 tensor of one score per image, and is differentiable end to end with respect to the
 * input. The model owns its weights: call `dispose()` when done.
 */
export interface IqaModel extends IqaModelFacts {
  score(images: tf.Tensor4D): tf.Tensor1D;
  /** Trainable variables (for training); empty for models that cannot be trained. */
  readonly trainableVariables: readonly tf.Variable[];
  dispose(): void;
}
