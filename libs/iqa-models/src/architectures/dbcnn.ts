import * as tf from '@tensorflow/tfjs';
import type { IqaModel, IqaModelFacts } from '../iqa-model';
import { conv2dFastGrad } from '../ops/conv2d-fast-grad';
import { normalizeInput } from '../ops/normalize-input';
import type { TensorSpec } from '../weights/name-map';
import type { WeightMap } from '../weights/weight-map';
import type { ArchitectureDefinition } from './architecture-definition';
import { bilinearPooling } from './bilinear-pooling';
import { checkRgbBatch } from './check-rgb-batch';
import { heUniformZeroBias, initialWeights, type InitRule } from './initial-weights';
import { ParameterStore } from './parameter-store';
import { createScnnFeatures, SCNN_FEATURE_CHANNELS, SCNN_FEATURE_LAYERS, type ScnnFeatures } from './scnn-features';

/**
 * torchvision `vgg16().features` without its last MaxPool: the nn.Sequential index of each
 * conv 3×3 (padding 1, ReLU after it) and whether a 2×2 max-pool (stride 2, floor) follows.
 */
export const DBCNN_VGG_CONVS = [
  { index: 0, inChannels: 3, outChannels: 64, poolAfter: false },
  { index: 2, inChannels: 64, outChannels: 64, poolAfter: true },
  { index: 5, inChannels: 64, outChannels: 128, poolAfter: false },
  { index: 7, inChannels: 128, outChannels: 128, poolAfter: true },
  { index: 10, inChannels: 128, outChannels: 256, poolAfter: false },
  { index: 12, inChannels: 256, outChannels: 256, poolAfter: false },
  { index: 14, inChannels: 256, outChannels: 256, poolAfter: true },
  { index: 17, inChannels: 256, outChannels: 512, poolAfter: false },
  { index: 19, inChannels: 512, outChannels: 512, poolAfter: false },
  { index: 21, inChannels: 512, outChannels: 512, poolAfter: true },
  { index: 24, inChannels: 512, outChannels: 512, poolAfter: false },
  { index: 26, inChannels: 512, outChannels: 512, poolAfter: false },
  { index: 28, inChannels: 512, outChannels: 512, poolAfter: false },
] as const;
const VGG_CHANNELS = 512;
/** Length of the bilinear-pooled descriptor: 512 × 128. */
export const DBCNN_DESCRIPTOR = VGG_CHANNELS * SCNN_FEATURE_CHANNELS;
/** Smallest side accepted: the VGG trunk pools 4 times (floor). */
export const DBCNN_MIN_SIZE = 16;

/**
 * The state dict of zwx8981/DBCNN-PyTorch `DBCNN` (after stripping DataParallel's `module.`):
 * `features1.*` (VGG-16), `features2.*` (S-CNN trunk with BatchNorm), `fc.*`.
 */
export const DBCNN_TENSORS: readonly TensorSpec[] = [
  ...DBCNN_VGG_CONVS.flatMap(({ index, inChannels, outChannels }) => [
    { name: `features1.${index}.weight`, shape: [outChannels, inChannels, 3, 3] },
    { name: `features1.${index}.bias`, shape: [outChannels] },
  ]),
  ...SCNN_FEATURE_LAYERS.flatMap(({ conv, bn, inChannels, outChannels }) => [
    { name: `features2.${conv}.weight`, shape: [outChannels, inChannels, 3, 3] },
    { name: `features2.${conv}.bias`, shape: [outChannels] },
    { name: `features2.${bn}.weight`, shape: [outChannels] },
    { name: `features2.${bn}.bias`, shape: [outChannels] },
    { name: `features2.${bn}.running_mean`, shape: [outChannels] },
    { name: `features2.${bn}.running_var`, shape: [outChannels] },
  ]),
  { name: 'fc.weight', shape: [1, DBCNN_DESCRIPTOR] },
  { name: 'fc.bias', shape: [1] },
];

interface VggLayer {
  readonly filter: tf.Variable<tf.Rank.R4>;
  readonly bias: tf.Variable<tf.Rank.R1>;
  readonly poolAfter: boolean;
}

/**
 * DBCNN (Zhang et al., "Blind Image Quality Assessment Using a Deep Bilinear Convolutional Neural
 * Network", IEEE TCSVT 2020; zwx8981/DBCNN-PyTorch): the normalised image (ImageNet, from the
 * catalog facts) goes through VGG-16 `features` without the last max-pool → [B, ⌊H/16⌋, ⌊W/16⌋, 512]
 * and through the S-CNN trunk → [B, ⌈H/16⌉, ⌈W/16⌉, 128], resized to the VGG map with bilinear
 * align_corners=True when the sizes differ (e.g. 500×500: 32 → 31). Bilinear pooling
 * X = X1ᵀ·X2 / (H·W) → 512×128, flattened channel-major (VGG channel outer), sqrt(X + 1e-8),
 * L2-normalised (eps 1e-12), Linear(65536 → 1), clamped to [0, 100] (the clamp has zero gradient
 * outside the range). Scores are on the training label scale (CLIVE MOS min-max rescaled to 0–100
 * in SMA), higher = better.
 *
 * No pretrained DBCNN weights exist on these machines: the model is ready for user-supplied
 * DBCNN-PyTorch checkpoints (names `module.features1.*`, `module.features2.*`, `module.fc.*`).
 */
export class DbcnnModel implements IqaModel {
  readonly id: string;
  readonly lowerBetter: boolean;
  readonly scoreRange: IqaModelFacts['scoreRange'];
  readonly input: IqaModelFacts['input'];
  readonly normalization: IqaModelFacts['normalization'];
  readonly #store: ParameterStore;
  readonly #vgg: readonly VggLayer[];
  readonly #scnn: ScnnFeatures;
  readonly #fc: { readonly weight: tf.Variable<tf.Rank.R2>; readonly bias: tf.Variable<tf.Rank.R1> };

  constructor(weights: WeightMap, facts: IqaModelFacts) {
    this.id = facts.id;
    this.lowerBetter = facts.lowerBetter;
    this.scoreRange = facts.scoreRange;
    this.input = facts.input;
    this.normalization = facts.normalization;
    const store = new ParameterStore(weights);
    try {
      this.#vgg = DBCNN_VGG_CONVS.map(({ index, inChannels, outChannels, poolAfter }) => ({
        filter: store.take<tf.Rank.R4>(`features1.${index}.weight`, [outChannels, inChannels, 3, 3], 'conv'),
        bias: store.take<tf.Rank.R1>(`features1.${index}.bias`, [outChannels], 'as-is'),
        poolAfter,
      }));
      this.#fc = {
        weight: store.take<tf.Rank.R2>('fc.weight', [1, DBCNN_DESCRIPTOR], 'linear'),
        bias: store.take<tf.Rank.R1>('fc.bias', [1], 'as-is'),
      };
      this.#scnn = createScnnFeatures(weights, 'features2.');
    } catch (error) {
      store.dispose();
      throw error;
    }
    this.#store = store;
  }

  /** NHWC RGB in [0,1] → the unclamped Linear output per image, [B]. */
  logit(images: tf.Tensor4D): tf.Tensor1D {
    checkRgbBatch(images, 'DBCNN', DBCNN_MIN_SIZE);
    return tf.tidy(() => {
      const normalized = this.normalization === null ? images : normalizeInput(images, this.normalization);
      let x1 = normalized;
      for (const { filter, bias, poolAfter } of this.#vgg) {
        x1 = conv2dFastGrad(x1, filter, { pad: 1, bias, activation: 'relu' });
        if (poolAfter) x1 = tf.maxPool(x1, 2, 2, 'valid');
      }
      const descriptor = bilinearPooling(x1, this.#scnn.apply(normalized));
      return tf.reshape(tf.add(tf.matMul(descriptor, this.#fc.weight), this.#fc.bias), [-1]) as tf.Tensor1D;
    });
  }

  /** NHWC RGB in [0,1] → clamp(Linear output, 0, 100) per image, [B]. */
  score(images: tf.Tensor4D): tf.Tensor1D {
    return tf.tidy(() => tf.clipByValue(this.logit(images), 0, 100) as tf.Tensor1D);
  }

  get trainableVariables(): readonly tf.Variable[] {
    return [...this.#store.trainableVariables, ...this.#scnn.trainableVariables];
  }

  dispose(): void {
    this.#store.dispose();
    this.#scnn.dispose();
  }
}

/**
 * Initial DBCNN weights: He-uniform convs, identity BatchNorm, and an fc whose output on the unit-norm
 * descriptor is about 50 ± 10 (inside the clamp, so gradients flow).
 */
function dbcnnInitRule(spec: TensorSpec): InitRule {
  if (spec.name === 'fc.weight') return { kind: 'uniform', limit: 10 * Math.sqrt(3) };
  if (spec.name === 'fc.bias') return { kind: 'constant', value: 50 };
  if (spec.name.endsWith('.running_var')) return { kind: 'constant', value: 1 };
  const bnWeight = SCNN_FEATURE_LAYERS.some(({ bn }) => spec.name === `features2.${bn}.weight`);
  return bnWeight ? { kind: 'constant', value: 1 } : heUniformZeroBias(spec);
}

export const dbcnnArchitecture: ArchitectureDefinition<DbcnnModel> = {
  id: 'dbcnn',
  title: 'DBCNN (deep bilinear CNN: VGG-16 ⊗ S-CNN)',
  reference:
    'W. Zhang, K. Ma, J. Yan, D. Deng, Z. Wang, "Blind Image Quality Assessment Using a Deep Bilinear Convolutional Neural Network", IEEE TCSVT 2020; code zwx8981/DBCNN-PyTorch@16c3156 (MIT)',
  tensorSpecs: DBCNN_TENSORS,
  nameMapRules: { stripPrefixes: ['module.'], ignore: [/\.num_batches_tracked$/] },
  build: (weights, facts) => new DbcnnModel(weights, facts),
  initialWeights: (seed) => initialWeights(DBCNN_TENSORS, dbcnnInitRule, seed),
};
