import * as tf from '@tensorflow/tfjs';
import type { IqaModel, IqaModelFacts } from '../iqa-model';
import { IMAGENET_NORMALIZATION, normalizeInput } from '../ops/normalize-input';
import { stripModulePrefix, type WeightMap } from '../weights/weight-map';
import { WeightsError } from '../weights/weights-error';
import { createScnnFeatures, SCNN_FEATURE_CHANNELS, scnnFeatureTensorNames, type ScnnFeatures } from './scnn-features';
import { foldConvBn, ScnnParameterStore, toDenseInOut, type ConvBnParameters } from './scnn-parameters';

/** Classes of the released S-CNN: synthetic distortion type × level (mapping not published). */
export const SCNN_CLASSES = 39;
/** Width of the projection head. */
export const SCNN_PROJECTION_CHANNELS = 256;

/**
 * Facts of the S-CNN used as a differentiable scalar: the mean of its 39 logits (the proxy of
 * the reference `scnn_bench.py`). It is NOT a quality score: S-CNN is a distortion classifier
 * and has no quality head. The proxy is unbounded; [-100, 100] is a generous numeric range
 * (probes and real images give |f| < 1), not a guarantee. `lowerBetter: false` only fixes a
 * sign convention for attacks.
 */
export const SCNN_MEAN_LOGIT_FACTS: IqaModelFacts = {
  id: 'scnn-mean-logit',
  lowerBetter: false,
  scoreRange: [-100, 100],
  input: { kind: 'any', minSize: 16 },
  normalization: IMAGENET_NORMALIZATION,
};

/** Every intermediate of one S-CNN forward pass (NHWC). */
export interface ScnnOutputs {
  /** [B, ⌈H/16⌉, ⌈W/16⌉, 128] */
  readonly features: tf.Tensor4D;
  /** Global average of the features, [B, 128]. */
  readonly pooled: tf.Tensor2D;
  /** Projection head output (after its last ReLU), [B, 256]. */
  readonly projected: tf.Tensor2D;
  /** [B, 39] */
  readonly logits: tf.Tensor2D;
  /** Mean of the logits, [B]. */
  readonly score: tf.Tensor1D;
}

interface Head {
  readonly projection: readonly ConvBnParameters<tf.Rank.R2>[];
  readonly classifierWeight: tf.Variable<tf.Rank.R2>;
  readonly classifierBias: tf.Variable<tf.Rank.R1>;
}

/**
 * The full S-CNN classifier (zwx8981/DBCNN-PyTorch `SCNN`): ImageNet normalisation, the features,
 * global average pooling (equal to the official AvgPool2d(14) at 224×224, and what makes any
 * other size work), projection (2 × [1×1 conv + BN + ReLU], as dense layers on the pooled
 * vector), Linear(256 → 39). `score` is the mean of the 39 logits.
 */
export class ScnnModel implements IqaModel {
  readonly id: string;
  readonly lowerBetter: boolean;
  readonly scoreRange: IqaModelFacts['scoreRange'];
  readonly input: IqaModelFacts['input'];
  readonly normalization: IqaModelFacts['normalization'];
  readonly #features: ScnnFeatures;
  readonly #headStore: ScnnParameterStore;
  readonly #head: Head;

  /** Use `createScnnModel`. */
  constructor(features: ScnnFeatures, headStore: ScnnParameterStore, head: Head, facts: IqaModelFacts) {
    this.id = facts.id;
    this.lowerBetter = facts.lowerBetter;
    this.scoreRange = facts.scoreRange;
    this.input = facts.input;
    this.normalization = facts.normalization;
    this.#features = features;
    this.#headStore = headStore;
    this.#head = head;
  }

  /** The trunk (shares its variables with this model). */
  get features(): ScnnFeatures {
    return this.#features;
  }

  /** NHWC RGB in [0,1] → mean logit per image, [B]. */
  score(images: tf.Tensor4D): tf.Tensor1D {
    return tf.tidy(() => this.forward(images).score);
  }

  /** NHWC RGB in [0,1] → [B, 39] logits. */
  logits(images: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => this.forward(images).logits);
  }

  /** Every intermediate of the forward pass; the caller disposes them. */
  forward(images: tf.Tensor4D): ScnnOutputs {
    return tf.tidy(() => {
      const normalized = this.normalization === null ? images : normalizeInput(images, this.normalization);
      const features = this.#features.apply(normalized);
      const pooled = tf.mean(features, [1, 2]) as tf.Tensor2D;
      let projected = pooled;
      for (const layer of this.#head.projection) {
        const folded = foldConvBn(layer);
        projected = tf.relu(tf.add(tf.matMul(projected, folded.filter), folded.bias)) as tf.Tensor2D;
      }
      const logits = tf.add(tf.matMul(projected, this.#head.classifierWeight), this.#head.classifierBias) as tf.Tensor2D;
      const score = tf.mean(logits, 1) as tf.Tensor1D;
      return { features, pooled, projected, logits, score };
    });
  }

  get trainableVariables(): readonly tf.Variable[] {
    return [...this.#features.trainableVariables, ...this.#headStore.trainableVariables];
  }

  /** Every variable by state-dict name (without `module.`), features first. */
  get variables(): ReadonlyMap<string, tf.Variable> {
    return new Map([...this.#features.variables, ...this.#headStore.variables]);
  }

  dispose(): void {
    this.#features.dispose();
    this.#headStore.dispose();
  }
}

/** State-dict names of the head, in order. */
function headTensorNames(): string[] {
  const convBn = (conv: number, bn: number) => [
    `projection.${conv}.weight`,
    `projection.${conv}.bias`,
    `projection.${bn}.weight`,
    `projection.${bn}.bias`,
    `projection.${bn}.running_mean`,
    `projection.${bn}.running_var`,
  ];
  return [...convBn(0, 1), ...convBn(3, 4), 'classifier.weight', 'classifier.bias'];
}

/**
 * The S-CNN classifier from its released state dict (`scnn.pkl` / `scnn.safetensors`; a leading
 * `module.` is stripped). Strict: every tensor must be used (`num_batches_tracked` is ignored),
 * else UNEXPECTED_TENSOR; missing or mis-shaped tensors throw MISSING_TENSOR / SHAPE_MISMATCH.
 */
export function createScnnModel(weights: WeightMap, facts: IqaModelFacts = SCNN_MEAN_LOGIT_FACTS): ScnnModel {
  const bare = stripModulePrefix(weights);
  const expected = new Set([...scnnFeatureTensorNames(), ...headTensorNames()]);
  for (const name of bare.keys()) {
    if (!expected.has(name) && !name.endsWith('.num_batches_tracked')) {
      throw new WeightsError('UNEXPECTED_TENSOR', `S-CNN: unexpected tensor "${name}"`, name);
    }
  }
  const features = createScnnFeatures(bare, 'features.', { cacheFoldedWeights: true });
  const store = new ScnnParameterStore(bare);
  try {
    const projection = [
      store.takeConvBn('projection.0', 'projection.1', [SCNN_PROJECTION_CHANNELS, SCNN_FEATURE_CHANNELS, 1, 1], toDenseInOut),
      store.takeConvBn('projection.3', 'projection.4', [SCNN_PROJECTION_CHANNELS, SCNN_PROJECTION_CHANNELS, 1, 1], toDenseInOut),
    ];
    const classifierWeight = store.take('classifier.weight', [SCNN_CLASSES, SCNN_PROJECTION_CHANNELS], true, toDenseInOut);
    const classifierBias = store.take<tf.Rank.R1>('classifier.bias', [SCNN_CLASSES], true);
    return new ScnnModel(features, store, { projection, classifierWeight, classifierBias }, facts);
  } catch (error) {
    features.dispose();
    store.dispose();
    throw error;
  }
}
