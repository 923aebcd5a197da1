import * as tf from '@tensorflow/tfjs';
import type { InputNormalization, IqaModel } from '../iqa-model';
import { normalizeInput } from '../ops/normalize-input';

/**
 * Test model: f(x) = Σ_i w_i · x̂_i + b on `size`×`size` RGB images, x̂ the normalised input
 * (or x itself without normalisation). Its input gradient is w/std, so every NT quantity has a
 * closed form: v = sign(w), d = ‖w‖₁, R_NT = ½‖w‖₁², ∂R_NT/∂w = ‖w‖₁·sign(w).
 */
export class LinearScorer implements IqaModel {
  readonly id = 'linear-scorer';
  readonly lowerBetter = false;
  readonly scoreRange = [-1000, 1000] as const;
  readonly input;
  readonly weight: tf.Variable<tf.Rank.R2>;
  readonly bias: tf.Variable<tf.Rank.R1>;

  constructor(
    readonly size: number,
    weights: Float32Array,
    readonly normalization: InputNormalization | null,
    bias = 0,
  ) {
    this.input = { kind: 'fixed', height: size, width: size } as const;
    this.weight = tf.variable(tf.tensor2d(weights, [size * size * 3, 1]));
    this.bias = tf.variable(tf.tensor1d([bias]));
  }

  score(images: tf.Tensor4D): tf.Tensor1D {
    return tf.tidy(() => {
      const x = this.normalization === null ? images : normalizeInput(images, this.normalization);
      return tf.add(tf.reshape(tf.matMul(tf.reshape(x, [images.shape[0], -1]), this.weight), [-1]), this.bias) as tf.Tensor1D;
    });
  }

  get trainableVariables(): readonly tf.Variable[] {
    return [this.weight, this.bias];
  }

  dispose(): void {
    this.weight.dispose();
    this.bias.dispose();
  }
}
