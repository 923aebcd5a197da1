import * as tf from '@tensorflow/tfjs';
import type { InputNormalization, IqaModel } from '../iqa-model';

/**
 * The NT defense's regulariser (Norm regularisation Training; Liu, Yang, Li, Ding, Jiang, CVPR 2024;
 * SMA.md §8.2, `HyperIQASolver.loss_grad`):
 *
 *     v = sign(∇_x f(x))                    detached: a constant for the weight gradient
 *     d = (f(x + h·v) − f(x)) / h           ≈ ∇f(x)ᵀ sign(∇f(x)) = ‖∇f(x)‖₁
 *     R_NT = ½ · mean_batch(d²)             loss = L + w · R_NT
 *
 * Where h is applied. The paper perturbs the ImageNet-normalised input x̂ = (x − mean)/std by h·v̂.
 * Our models take [0,1] pixels and normalise inside, so the same perturbation in pixel space is
 * h·std_c·v per channel c (v̂ = sign(∇_x̂ f) = sign(std·∇_x f) = v since std > 0), and then
 * d ≈ ‖∇_x̂ f‖₁ exactly as in the paper. A model without normalisation is perturbed by h·v in
 * [0,1] pixel units (d ≈ ‖∇_x f‖₁). The perturbed image is not clipped to [0,1] (nor is it in the
 * paper): it is a finite-difference probe, not an image.
 */
export function ntPixelStep(normalization: InputNormalization | null, h: number): [number, number, number] {
  if (normalization === null) return [h, h, h];
  const [r, g, b] = normalization.std;
  return [h * r, h * g, h * b];
}

/**
 * v = sign(∇_x Σ_i f(x_i)) per image (each image's score depends on that image only, so the
 * gradient of the sum is the per-image gradient). Computed in its own tidy and returned as a fresh
 * tensor: a constant for any gradient taken later, i.e. detached. The caller disposes it.
 */
export function ntDirection(model: IqaModel, images: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.sign(tf.grad((x) => tf.sum(model.score(x as tf.Tensor4D)))(images)) as tf.Tensor4D);
}

/**
 * d_i = (f(x_i + step ⊙ v_i) − f(x_i)) / h for each image (step from `ntPixelStep`). Pass `clean`
 * = f(x) when it is already computed (the task loss shares it, so the weight gradient flows through
 * both terms, as in the paper). Differentiable with respect to the model's weights.
 */
export function ntFiniteDifference(
  model: IqaModel,
  images: tf.Tensor4D,
  direction: tf.Tensor4D,
  step: readonly [number, number, number],
  h: number,
  clean?: tf.Tensor1D,
): tf.Tensor1D {
  return tf.tidy(() => {
    const shifted = tf.add(images, tf.mul(direction, tf.tensor1d([...step]))) as tf.Tensor4D;
    const base = clean ?? model.score(images);
    return tf.div(tf.sub(model.score(shifted), base), h) as tf.Tensor1D;
  });
}

/** R_NT = ½ · mean(d²) over the batch. */
export function ntRegularizer(differences: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.mul(tf.mean(tf.square(differences)), 0.5) as tf.Scalar);
}
