import * as tf from '@tensorflow/tfjs';
import { conv2dFastGrad } from '../ops/conv2d-fast-grad';
import type { WeightMap } from '../weights/weight-map';
import { ScnnFoldedConvBn } from './scnn-folded-conv-bn';
import { foldConvBn, oihwToHwio, ScnnParameterStore, type ConvBnParameters } from './scnn-parameters';

/**
 * The convolutional trunk of S-CNN (DBCNN's synthetic-distortion stream, zwx8981/DBCNN-PyTorch
 * `SCNN.features`): 9 × (conv 3×3 + BatchNorm(eps 1e-5, running statistics) + ReLU), padding 1 on
 * every side (PyTorch semantics, also on the stride-2 layers, where TF's 'same' would shift the
 * grid by one pixel on even sizes). Indices are those of the PyTorch nn.Sequential.
 */
export const SCNN_FEATURE_LAYERS = [
  { conv: 0, bn: 1, inChannels: 3, outChannels: 48, stride: 1 },
  { conv: 3, bn: 4, inChannels: 48, outChannels: 48, stride: 2 },
  { conv: 6, bn: 7, inChannels: 48, outChannels: 64, stride: 1 },
  { conv: 9, bn: 10, inChannels: 64, outChannels: 64, stride: 2 },
  { conv: 12, bn: 13, inChannels: 64, outChannels: 64, stride: 1 },
  { conv: 15, bn: 16, inChannels: 64, outChannels: 64, stride: 2 },
  { conv: 18, bn: 19, inChannels: 64, outChannels: 128, stride: 1 },
  { conv: 21, bn: 22, inChannels: 128, outChannels: 128, stride: 1 },
  { conv: 24, bn: 25, inChannels: 128, outChannels: 128, stride: 2 },
] as const;

/** Channels of the S-CNN feature map. */
export const SCNN_FEATURE_CHANNELS = 128;

interface FeatureLayer {
  readonly params: ConvBnParameters<tf.Rank.R4>;
  readonly stride: 1 | 2;
  /** The layer's cached BN fold (`cacheFoldedWeights`), or null to fold on every pass. */
  readonly folded: ScnnFoldedConvBn | null;
}

export interface ScnnFeaturesOptions {
  /**
   * Keep each layer's BN-folded weights (and its input-gradient kernels) from one pass to the next while
   * the variables keep their values (`ScnnFoldedConvBn`): same numbers, about 10 % less time per
   * forward + input gradient on wasm at 500×500. The cached tensors (about two per variable set) live
   * from the first forward pass until `dispose()`. Default false.
   */
  readonly cacheFoldedWeights?: boolean;
}

/**
 * S-CNN features with their weights as tf.Variables (conv weight/bias and BN γ/β trainable, BN
 * running statistics not). Owns the variables: `dispose()` frees them.
 */
export class ScnnFeatures {
  readonly #store: ScnnParameterStore;
  readonly #layers: readonly FeatureLayer[];

  /** Use `createScnnFeatures`. */
  constructor(store: ScnnParameterStore, layers: readonly FeatureLayer[]) {
    this.#store = store;
    this.#layers = layers;
  }

  /**
   * ImageNet-normalised NHWC RGB [B, H, W, 3] → ReLU features [B, ⌈H/16⌉, ⌈W/16⌉, 128].
   * Differentiable w.r.t. the input and every trainable variable (BN stays in inference mode).
   */
  apply(normalized: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      let x = normalized;
      for (const { params, stride, folded } of this.#layers) {
        if (folded !== null) {
          const { filter, bias, inputGradientKernels } = folded.weights();
          x = conv2dFastGrad(x, filter, { stride, pad: 1, bias, activation: 'relu', inputGradientKernels });
        } else {
          const { filter, bias } = foldConvBn(params);
          x = conv2dFastGrad(x, filter, { stride, pad: 1, bias, activation: 'relu' });
        }
      }
      return x;
    });
  }

  /** Every variable, keyed by its state-dict name (prefix included). */
  get variables(): ReadonlyMap<string, tf.Variable> {
    return this.#store.variables;
  }

  get trainableVariables(): readonly tf.Variable[] {
    return this.#store.trainableVariables;
  }

  dispose(): void {
    for (const layer of this.#layers) layer.folded?.dispose();
    this.#store.dispose();
  }
}

/**
 * S-CNN features from a state dict whose feature tensors are named `${prefix}${index}.…`
 * (`features.0.weight`, …; pass e.g. `module.features.` for an unstripped DataParallel dict, or
 * `features2.` inside a DBCNN checkpoint). Other tensors in the map are ignored. Throws
 * MISSING_TENSOR / SHAPE_MISMATCH naming the tensor.
 */
export function createScnnFeatures(weights: WeightMap, prefix = 'features.', options: ScnnFeaturesOptions = {}): ScnnFeatures {
  const store = new ScnnParameterStore(weights);
  const layers: FeatureLayer[] = [];
  try {
    for (const layer of SCNN_FEATURE_LAYERS) {
      const params = store.takeConvBn(
        `${prefix}${layer.conv}`,
        `${prefix}${layer.bn}`,
        [layer.outChannels, layer.inChannels, 3, 3],
        oihwToHwio,
      );
      const folded = options.cacheFoldedWeights === true ? new ScnnFoldedConvBn(params, layer.stride, 1) : null;
      layers.push({ params, stride: layer.stride, folded });
    }
  } catch (error) {
    store.dispose();
    throw error;
  }
  return new ScnnFeatures(store, layers);
}

/** The state-dict names `createScnnFeatures` reads, in order. */
export function scnnFeatureTensorNames(prefix = 'features.'): string[] {
  return SCNN_FEATURE_LAYERS.flatMap(({ conv, bn }) => [
    `${prefix}${conv}.weight`,
    `${prefix}${conv}.bias`,
    `${prefix}${bn}.weight`,
    `${prefix}${bn}.bias`,
    `${prefix}${bn}.running_mean`,
    `${prefix}${bn}.running_var`,
  ]);
}
