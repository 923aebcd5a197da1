import * as tf from '@tensorflow/tfjs';
import { checkRgbBatch } from '../architectures/check-rgb-batch';
import type { IqaModel, IqaModelFacts } from '../iqa-model';
import { takeTensor, type WeightMap } from '../weights/weight-map';
import { classicGrayscale } from './classic-grayscale';
import type { ClassicPipeline } from './classic-pipeline';
import { mscn } from './mscn';
import { NSS_FEATURES_PER_SCALE, nssFeatures } from './nss-features';
import { downscaleHalf } from './resize-matrices';
import { SVR_TENSORS } from './svr-tensors';

/** BRISQUE's feature count: 18 per scale at 2 scales. */
export const BRISQUE_FEATURES = 2 * NSS_FEATURES_PER_SCALE;
/** The smallest image side BRISQUE scores (the scale-2 image must hold the 7×7 window). */
export const BRISQUE_MIN_SIZE = 16;

/**
 * BRISQUE (Mittal, Moorthy, Bovik, IEEE TIP 2012) as a differentiable TF.js model: luma →
 * MSCN → NSS features at 2 scales (36) → scaled to [-1, 1] with the parameter set's range →
 * RBF ε-SVR Σᵢ coefᵢ·exp(−γ‖x − svᵢ‖²) − ρ. The pipeline (grayscale, border, downscaling, fits)
 * comes from the architecture. The output is not clamped (OpenCV clamps to [0, 100]; MATLAB does
 * not), so the gradient stays informative at the ends of the scale.
 */
export class BrisqueModel implements IqaModel {
  readonly id: string;
  readonly lowerBetter: boolean;
  readonly scoreRange: IqaModelFacts['scoreRange'];
  readonly input: IqaModelFacts['input'];
  readonly normalization: IqaModelFacts['normalization'];
  /** The SVR's dual coefficients (the output layer over the RBF kernel values); the rest is fixed. */
  readonly trainableVariables: readonly tf.Variable[];
  private readonly supportVectors: tf.Tensor2D;
  private readonly svNormsSq: tf.Tensor1D;
  private readonly dualCoef: tf.Variable<tf.Rank.R2>;
  private readonly rho: number;
  private readonly gamma: number;
  private readonly scaleMin: tf.Tensor1D;
  private readonly scaleSpan: tf.Tensor1D;

  constructor(weights: WeightMap, facts: IqaModelFacts, private readonly pipeline: ClassicPipeline, supportVectors: number) {
    this.id = facts.id;
    this.lowerBetter = facts.lowerBetter;
    this.scoreRange = facts.scoreRange;
    this.input = facts.input;
    this.normalization = facts.normalization;
    const sv = takeTensor(weights, SVR_TENSORS.supportVectors, [supportVectors, BRISQUE_FEATURES]);
    const coef = takeTensor(weights, SVR_TENSORS.dualCoef, [supportVectors]);
    const min = takeTensor(weights, SVR_TENSORS.scaleMin, [BRISQUE_FEATURES]);
    const max = takeTensor(weights, SVR_TENSORS.scaleMax, [BRISQUE_FEATURES]);
    this.rho = takeTensor(weights, SVR_TENSORS.rho, [1]).data[0] as number;
    this.gamma = takeTensor(weights, SVR_TENSORS.gamma, [1]).data[0] as number;
    this.supportVectors = tf.tensor2d(sv.data, [supportVectors, BRISQUE_FEATURES]);
    this.svNormsSq = tf.tidy(() => tf.sum(tf.square(this.supportVectors), 1));
    this.dualCoef = tf.tidy(() => tf.variable(tf.tensor2d(coef.data, [supportVectors, 1]), true));
    this.trainableVariables = [this.dualCoef];
    this.scaleMin = tf.tensor1d(min.data);
    this.scaleSpan = tf.tidy(() => tf.sub(tf.tensor1d(max.data), this.scaleMin));
  }

  /** The 36 raw (unscaled) BRISQUE features of each image, [B, 36]. */
  features(images: tf.Tensor4D): tf.Tensor2D {
    checkRgbBatch(images, 'brisque', BRISQUE_MIN_SIZE);
    return tf.tidy(() => {
      const gray = classicGrayscale(images, this.pipeline.grayscale);
      const first = nssFeatures(mscn(gray, this.pipeline.border), this.pipeline.nss);
      const half = downscaleHalf(gray, this.pipeline.downscale);
      const second = nssFeatures(mscn(half, this.pipeline.border), this.pipeline.nss);
      return tf.concat([first, second], 1);
    });
  }

  score(images: tf.Tensor4D): tf.Tensor1D {
    return tf.tidy(() => {
      const x = tf.sub(tf.mul(tf.div(tf.sub(this.features(images), this.scaleMin), this.scaleSpan), 2), 1) as tf.Tensor2D;
      // ‖x − sv‖² = ‖x‖² − 2 x·sv + ‖sv‖²
      const cross = tf.matMul(x, this.supportVectors, false, true);
      const dist = tf.relu(tf.add(tf.sub(tf.sum(tf.square(x), 1, true), tf.mul(cross, 2)), this.svNormsSq));
      const kernel = tf.exp(tf.mul(dist, -this.gamma));
      return tf.sub(tf.reshape(tf.matMul(kernel, this.dualCoef), [-1]), this.rho) as tf.Tensor1D;
    });
  }

  dispose(): void {
    tf.dispose([this.supportVectors, this.svNormsSq, this.dualCoef, this.scaleMin, this.scaleSpan]);
  }
}
