import * as tf from '@tensorflow/tfjs';
import type { IqaModelFacts } from '../iqa-model';
import { conv2dFastGrad } from '../ops/conv2d-fast-grad';
import { normalizeInput } from '../ops/normalize-input';
import type { TensorSpec } from '../weights/name-map';
import type { WeightMap } from '../weights/weight-map';
import type { ArchitectureDefinition } from './architecture-definition';
import { checkRgbBatch } from './check-rgb-batch';
import { heUniformZeroBias, initialWeights } from './initial-weights';
import { ParameterStoreModel } from './parameter-store-model';

/** The conv trunk: 3×3 kernels, padding 1 on every side (PyTorch semantics), ReLU after each. */
export const COMPACT_CNN_CONVS = [
  { name: 'conv1', inChannels: 3, outChannels: 16, stride: 2 },
  { name: 'conv2', inChannels: 16, outChannels: 32, stride: 2 },
  { name: 'conv3', inChannels: 32, outChannels: 32, stride: 2 },
  { name: 'conv4', inChannels: 32, outChannels: 48, stride: 2 },
  { name: 'conv5', inChannels: 48, outChannels: 48, stride: 1 },
] as const;
const HIDDEN = 32;
/** Smallest side accepted (the trunk downsamples by 16). */
export const COMPACT_CNN_MIN_SIZE = 32;

/** Canonical tensors (PyTorch layout, so exports load into an equivalent nn.Module). */
export const COMPACT_CNN_TENSORS: readonly TensorSpec[] = [
  ...COMPACT_CNN_CONVS.flatMap(({ name, inChannels, outChannels }) => [
    { name: `${name}.weight`, shape: [outChannels, inChannels, 3, 3] },
    { name: `${name}.bias`, shape: [outChannels] },
  ]),
  { name: 'fc1.weight', shape: [HIDDEN, 48] },
  { name: 'fc1.bias', shape: [HIDDEN] },
  { name: 'fc2.weight', shape: [1, HIDDEN] },
  { name: 'fc2.bias', shape: [1] },
];

interface DenseLayer {
  readonly weight: tf.Variable<tf.Rank.R2>;
  readonly bias: tf.Variable<tf.Rank.R1>;
}

/**
 * Rankfall's small demo NR-IQA CNN (50,593 parameters): normalisation from the catalog facts,
 * five conv3×3 + ReLU layers (16-32-32-48 with stride 2, then 48 with stride 1), global average
 * pooling, dense 48→32 ReLU → 1, score = 100·sigmoid(z) ∈ (0, 100), higher = better. Any input
 * size ≥ 32. Every conv runs on `conv2dFastGrad`, so input AND weight gradients work on wasm
 * (training with `trainableVariables`). Its weights are trained by `rankfall model train`.
 */
interface CompactCnnLayers {
  readonly convs: ReadonlyArray<{ readonly filter: tf.Variable<tf.Rank.R4>; readonly bias: tf.Variable<tf.Rank.R1>; readonly stride: 1 | 2 }>;
  readonly dense: readonly [hidden: DenseLayer, output: DenseLayer];
}

export class CompactCnnModel extends ParameterStoreModel<CompactCnnLayers> {
  constructor(weights: WeightMap, facts: IqaModelFacts) {
    super(weights, facts, (store) => ({
      convs: COMPACT_CNN_CONVS.map(({ name, inChannels, outChannels, stride }) => ({
        filter: store.take<tf.Rank.R4>(`${name}.weight`, [outChannels, inChannels, 3, 3], 'conv'),
        bias: store.take<tf.Rank.R1>(`${name}.bias`, [outChannels], 'as-is'),
        stride,
      })),
      dense: [
        { weight: store.take<tf.Rank.R2>('fc1.weight', [HIDDEN, 48], 'linear'), bias: store.take<tf.Rank.R1>('fc1.bias', [HIDDEN], 'as-is') },
        { weight: store.take<tf.Rank.R2>('fc2.weight', [1, HIDDEN], 'linear'), bias: store.take<tf.Rank.R1>('fc2.bias', [1], 'as-is') },
      ],
    }));
  }

  /** NHWC RGB in [0,1] → the pre-sigmoid output z, [B] (score = 100·sigmoid(z); useful as a training logit). */
  logit(images: tf.Tensor4D): tf.Tensor1D {
    checkRgbBatch(images, 'compact CNN', COMPACT_CNN_MIN_SIZE);
    return tf.tidy(() => {
      let x = this.normalization === null ? images : normalizeInput(images, this.normalization);
      for (const { filter, bias, stride } of this.layers.convs) {
        x = conv2dFastGrad(x, filter, { stride, pad: 1, bias, activation: 'relu' });
      }
      const [hidden, output] = this.layers.dense;
      const pooled = tf.mean(x, [1, 2]) as tf.Tensor2D;
      const h = tf.relu(tf.add(tf.matMul(pooled, hidden.weight), hidden.bias)) as tf.Tensor2D;
      return tf.reshape(tf.add(tf.matMul(h, output.weight), output.bias), [-1]) as tf.Tensor1D;
    });
  }

  /** NHWC RGB in [0,1] → 100·sigmoid(z) per image, [B]. */
  score(images: tf.Tensor4D): tf.Tensor1D {
    return tf.tidy(() => tf.mul(tf.sigmoid(this.logit(images)), 100) as tf.Tensor1D);
  }
}

export const compactCnnArchitecture: ArchitectureDefinition<CompactCnnModel> = {
  id: 'compact-cnn',
  title: 'Rankfall compact NR-IQA CNN (demo)',
  reference: 'Rankfall (this repository): 5 × conv3×3 + ReLU, global average pooling, 2 dense layers, 100·sigmoid',
  tensorSpecs: COMPACT_CNN_TENSORS,
  nameMapRules: {},
  build: (weights, facts) => new CompactCnnModel(weights, facts),
  initialWeights: (seed) => initialWeights(COMPACT_CNN_TENSORS, heUniformZeroBias, seed),
};
