import * as tf from '@tensorflow/tfjs';
import { takeTensor, type WeightMap } from '../weights/weight-map';

/**
 * How a state-dict tensor (PyTorch layout) is kept as a TF.js variable:
 * `conv` OIHW → HWIO, `linear` [out, in] → [in, out], `as-is` unchanged (biases, BN vectors).
 */
export type ParameterLayout = 'conv' | 'linear' | 'as-is';

const toTf: Record<ParameterLayout, readonly number[] | null> = { conv: [2, 3, 1, 0], linear: [1, 0], 'as-is': null };
const fromTf: Record<ParameterLayout, readonly number[] | null> = { conv: [3, 2, 0, 1], linear: [1, 0], 'as-is': null };

interface Entry {
  readonly variable: tf.Variable;
  readonly layout: ParameterLayout;
}

/**
 * The tf.Variables of one model, keyed by canonical state-dict name, converted to TF.js layout on
 * the way in and back to PyTorch layout by `toWeightMap()` (so trained weights export to
 * safetensors that PyTorch can load). Owns the variables: `dispose()` frees them.
 */
export class ParameterStore {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly weights: WeightMap) {}

  /** Loads `name`, checked against `shape` (MISSING_TENSOR / SHAPE_MISMATCH naming it). */
  take<R extends tf.Rank>(name: string, shape: readonly number[], layout: ParameterLayout, trainable = true): tf.Variable<R> {
    const { data } = takeTensor(this.weights, name, shape);
    const permutation = toTf[layout];
    const variable = tf.tidy(() => {
      const tensor = tf.tensor(data, [...shape]);
      return tf.variable(permutation === null ? tensor : tf.transpose(tensor, [...permutation]), trainable);
    });
    this.#entries.set(name, { variable, layout });
    return variable as tf.Variable<R>;
  }

  get trainableVariables(): tf.Variable[] {
    return [...this.#entries.values()].filter((entry) => entry.variable.trainable).map((entry) => entry.variable);
  }

  /** The current values in PyTorch layout under their canonical names, in load order. */
  toWeightMap(): WeightMap {
    const map: WeightMap = new Map();
    for (const [name, { variable, layout }] of this.#entries) {
      const permutation = fromTf[layout];
      const tensor = permutation === null ? variable : tf.transpose(variable, [...permutation]);
      map.set(name, { shape: [...tensor.shape], data: new Float32Array(tensor.dataSync()) });
      if (tensor !== variable) tensor.dispose();
    }
    return map;
  }

  dispose(): void {
    for (const { variable } of this.#entries.values()) variable.dispose();
    this.#entries.clear();
  }
}
