import * as tf from '@tensorflow/tfjs';
import type { IqaModelFacts } from '../iqa-model';
import { conv2dFastGrad } from '../ops/conv2d-fast-grad';
import type { TensorSpec } from '../weights/name-map';
import type { WeightMap } from '../weights/weight-map';
import { ArchitectureError } from './architecture-error';
import type { ArchitectureDefinition } from './architecture-definition';
import { checkRgbBatch } from './check-rgb-batch';
import { globalMaxMinPooling } from './global-extrema-pooling';
import { heUniformZeroBias, initialWeights } from './initial-weights';
import { localNormalization } from './local-normalization';
import { ParameterStoreModel } from './parameter-store-model';
import { pilGrayscale } from './pil-grayscale';

/** Patch side and stride of CNNIQA's `NonOverlappingCropPatches`. */
export const CNNIQA_PATCH = 32;
const KERNELS = 50;
const KERNEL_SIZE = 7;
const HIDDEN = 800;

/** The state dict of lidq92/CNNIQA `CNNIQAnet` (ker_size 7, n_kers 50, n1_nodes 800, n2_nodes 800). */
export const CNNIQA_TENSORS: readonly TensorSpec[] = [
  { name: 'conv1.weight', shape: [KERNELS, 1, KERNEL_SIZE, KERNEL_SIZE] },
  { name: 'conv1.bias', shape: [KERNELS] },
  { name: 'fc1.weight', shape: [HIDDEN, 2 * KERNELS] },
  { name: 'fc1.bias', shape: [HIDDEN] },
  { name: 'fc2.weight', shape: [HIDDEN, HIDDEN] },
  { name: 'fc2.bias', shape: [HIDDEN] },
  { name: 'fc3.weight', shape: [1, HIDDEN] },
  { name: 'fc3.bias', shape: [1] },
];

/** Patch positions of `range(0, n - 32, 32)` (Python's range excludes its end): how many. */
export function cnniqaPatchCount(size: number): number {
  return Math.max(0, Math.ceil((size - CNNIQA_PATCH) / CNNIQA_PATCH));
}

/**
 * CNNIQA (Kang et al., CVPR 2014) as lidq92/CNNIQA's test_demo.py runs it: the image becomes
 * 8-bit grayscale exactly as PIL `convert('L')` (straight-through gradient, see `pilGrayscale`),
 * is cut into 32×32 patches at rows/columns `range(0, h − 32, 32)` (so the last partial band and
 * a last full band that ends exactly at the border are both left out), each patch is locally
 * normalised (3×3 window, C = 1), convolved with 50 7×7 kernels (valid), reduced to
 * [global max ‖ global min] (100 values), and passed through 800-ReLU-800-ReLU-1. The image score
 * is the mean over its patches: a DMOS-like value (about 0–100, higher = worse, and it can leave
 * that range slightly). Differentiable end to end, local normalisation included.
 * Images need more than 32 pixels on each side (INPUT_TOO_SMALL otherwise).
 */
interface CnniqaLayers {
  readonly conv: { readonly filter: tf.Variable<tf.Rank.R4>; readonly bias: tf.Variable<tf.Rank.R1> };
  readonly dense: ReadonlyArray<{ readonly weight: tf.Variable<tf.Rank.R2>; readonly bias: tf.Variable<tf.Rank.R1> }>;
}

export class CnniqaModel extends ParameterStoreModel<CnniqaLayers> {
  constructor(weights: WeightMap, facts: IqaModelFacts) {
    super(weights, facts, (store) => ({
      conv: {
        filter: store.take('conv1.weight', [KERNELS, 1, KERNEL_SIZE, KERNEL_SIZE], 'conv'),
        bias: store.take('conv1.bias', [KERNELS], 'as-is'),
      },
      dense: (['fc1', 'fc2', 'fc3'] as const).map((layer, i) => {
        const [out, inputs] = [i === 2 ? 1 : HIDDEN, i === 0 ? 2 * KERNELS : HIDDEN];
        return {
          weight: store.take<tf.Rank.R2>(`${layer}.weight`, [out, inputs], 'linear'),
          bias: store.take<tf.Rank.R1>(`${layer}.bias`, [out], 'as-is'),
        };
      }),
    }));
  }

  /** NHWC RGB in [0,1] → one mean patch score per image, [B]. */
  score(images: tf.Tensor4D): tf.Tensor1D {
    checkRgbBatch(images, 'CNNIQA', CNNIQA_PATCH + 1);
    const [batch, height, width] = images.shape;
    const rows = cnniqaPatchCount(height);
    const cols = cnniqaPatchCount(width);
    if (rows === 0 || cols === 0) {
      throw new ArchitectureError('INPUT_TOO_SMALL', `CNNIQA: ${height}×${width} image has no ${CNNIQA_PATCH}×${CNNIQA_PATCH} patch`);
    }
    return tf.tidy(() => {
      const gray = pilGrayscale(images);
      const cropped = tf.slice(gray, [0, 0, 0, 0], [batch, rows * CNNIQA_PATCH, cols * CNNIQA_PATCH, 1]);
      const patches = tf.reshape(
        tf.transpose(tf.reshape(cropped, [batch, rows, CNNIQA_PATCH, cols, CNNIQA_PATCH]), [0, 1, 3, 2, 4]),
        [batch * rows * cols, CNNIQA_PATCH, CNNIQA_PATCH, 1],
      ) as tf.Tensor4D;
      const features = conv2dFastGrad(localNormalization(patches), this.layers.conv.filter, { bias: this.layers.conv.bias });
      let h = globalMaxMinPooling(features);
      this.layers.dense.forEach(({ weight, bias }, i) => {
        const z = tf.add(tf.matMul(h, weight), bias) as tf.Tensor2D;
        h = i < this.layers.dense.length - 1 ? tf.relu(z) : z;
      });
      return tf.mean(tf.reshape(h, [batch, rows * cols]), 1) as tf.Tensor1D;
    });
  }
}

export const cnniqaArchitecture: ArchitectureDefinition<CnniqaModel> = {
  id: 'cnniqa',
  title: 'CNNIQA (Kang et al. 2014), lidq92/CNNIQA port',
  reference: 'L. Kang, P. Ye, Y. Li, D. Doermann, "Convolutional Neural Networks for No-Reference Image Quality Assessment", CVPR 2014; code lidq92/CNNIQA@fb36830',
  tensorSpecs: CNNIQA_TENSORS,
  nameMapRules: {},
  build: (weights, facts) => new CnniqaModel(weights, facts),
  initialWeights: (seed) => initialWeights(CNNIQA_TENSORS, heUniformZeroBias, seed),
};
