import * as tf from '@tensorflow/tfjs';
import { ArchitectureError } from '../architectures/architecture-error';
import { checkRgbBatch } from '../architectures/check-rgb-batch';
import type { IqaModel, IqaModelFacts } from '../iqa-model';
import { takeTensor, type WeightMap } from '../weights/weight-map';
import { classicGrayscale } from './classic-grayscale';
import type { ClassicPipeline } from './classic-pipeline';
import { mahalanobisQuadForm } from './mahalanobis';
import { mscn } from './mscn';
import { NSS_FEATURES_PER_SCALE, nssFeatures } from './nss-features';
import { downscaleHalf } from './resize-matrices';

/** NIQE's pristine model tensors (the .mat variable names: pop_mu 1×36, pop_cov 36×36). */
export const NIQE_TENSORS = { mu: 'pop_mu', cov: 'pop_cov' } as const;
export const NIQE_FEATURES = 2 * NSS_FEATURES_PER_SCALE;
/** NIQE's patch side (the LIVE release parameters were fitted on 96×96 patches). */
export const NIQE_PATCH = 96;
/** At least two patches are needed for a covariance: 192 × 96 (and 96 on the short side). */
export const NIQE_MIN_SIZE = NIQE_PATCH;

/** [B, H, W] (H, W multiples of `size`) → [B·(H/size)·(W/size), size, size] in row-major block order. */
function blocksOf(x: tf.Tensor3D, size: number): tf.Tensor3D {
  const [b, h, w] = x.shape;
  const nh = h / size;
  const nw = w / size;
  return tf.reshape(tf.transpose(tf.reshape(x, [b, nh, size, nw, size]), [0, 1, 3, 2, 4]), [b * nh * nw, size, size]);
}

/**
 * NIQE (Mittal, Soundararajan, Bovik, IEEE SPL 2013) as a differentiable TF.js model, following
 * the MATLAB release (computequality.m): luma cropped to a multiple of 96, MSCN, 18 NSS features on
 * every 96×96 block and on every 48×48 block of the scale-2 image (36 per patch; no sharpness
 * selection at test time: the release computes the patch sharpness but does not use it), MVG fit
 * (mean, covariance over patches), distance sqrt((μp − μ)ᵀ((Σp + Σ)/2)⁻¹(μp − μ)) to the pristine
 * MVG. Lower is better.
 */
export class NiqeModel implements IqaModel {
  readonly id: string;
  readonly lowerBetter: boolean;
  readonly scoreRange: IqaModelFacts['scoreRange'];
  readonly input: IqaModelFacts['input'];
  readonly normalization: IqaModelFacts['normalization'];
  /** The pristine mean (the covariance stays fixed, so it stays positive definite). */
  readonly trainableVariables: readonly tf.Variable[];
  private readonly mu: tf.Variable<tf.Rank.R1>;
  private readonly cov: tf.Tensor2D;

  constructor(weights: WeightMap, facts: IqaModelFacts, private readonly pipeline: ClassicPipeline) {
    this.id = facts.id;
    this.lowerBetter = facts.lowerBetter;
    this.scoreRange = facts.scoreRange;
    this.input = facts.input;
    this.normalization = facts.normalization;
    this.mu = tf.tidy(() => tf.variable(tf.tensor1d(takeTensor(weights, NIQE_TENSORS.mu, [1, NIQE_FEATURES]).data), true));
    this.trainableVariables = [this.mu];
    this.cov = tf.tensor2d(takeTensor(weights, NIQE_TENSORS.cov, [NIQE_FEATURES, NIQE_FEATURES]).data, [NIQE_FEATURES, NIQE_FEATURES]);
  }

  /** Patch features [B, patches, 36]. */
  patchFeatures(images: tf.Tensor4D): tf.Tensor3D {
    checkRgbBatch(images, 'niqe', NIQE_MIN_SIZE);
    const [batch, height, width] = images.shape;
    const nh = Math.floor(height / NIQE_PATCH);
    const nw = Math.floor(width / NIQE_PATCH);
    if (nh * nw < 2) throw new ArchitectureError('INPUT_TOO_SMALL', `niqe: ${height}×${width} holds ${nh * nw} patch of 96×96; at least 2 are needed (e.g. 96×192)`);
    return tf.tidy(() => {
      const cropped = tf.slice(images, [0, 0, 0, 0], [batch, nh * NIQE_PATCH, nw * NIQE_PATCH, 3]);
      const gray = classicGrayscale(cropped, this.pipeline.grayscale);
      const first = nssFeatures(blocksOf(mscn(gray, this.pipeline.border), NIQE_PATCH), this.pipeline.nss);
      const half = downscaleHalf(gray, this.pipeline.downscale);
      const second = nssFeatures(blocksOf(mscn(half, this.pipeline.border), NIQE_PATCH / 2), this.pipeline.nss);
      return tf.reshape(tf.concat([first, second], 1), [batch, nh * nw, NIQE_FEATURES]) as tf.Tensor3D;
    });
  }

  score(images: tf.Tensor4D): tf.Tensor1D {
    return tf.tidy(() => {
      const feats = this.patchFeatures(images);
      const patches = feats.shape[1];
      const mean = tf.mean(feats, 1);
      const centered = tf.sub(feats, tf.expandDims(mean, 1));
      const cov = tf.div(tf.matMul(centered, centered, true, false), patches - 1) as tf.Tensor3D;
      const pooled = tf.div(tf.add(cov, this.cov), 2) as tf.Tensor3D;
      const q = mahalanobisQuadForm(tf.sub(this.mu, mean) as tf.Tensor2D, pooled);
      return tf.sqrt(tf.add(tf.relu(q), 1e-12)) as tf.Tensor1D;
    });
  }

  dispose(): void {
    tf.dispose([this.mu, this.cov]);
  }
}
