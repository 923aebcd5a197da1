import type * as tf from '@tensorflow/tfjs';
import type { IqaModel, IqaModelFacts } from '../iqa-model';
import type { WeightMap } from '../weights/weight-map';
import { ParameterStore } from './parameter-store';

/**
 * Base of the architectures whose parameters all live in one ParameterStore: copies the catalog facts,
 * takes the layers from the store (disposing everything already made if a tensor is missing or
 * mis-shaped), and owns the store: trainable variables, export in PyTorch layout, disposal.
 */
export abstract class ParameterStoreModel<Layers> implements IqaModel {
  readonly id: string;
  readonly lowerBetter: boolean;
  readonly scoreRange: IqaModelFacts['scoreRange'];
  readonly input: IqaModelFacts['input'];
  readonly normalization: IqaModelFacts['normalization'];
  protected readonly layers: Layers;
  readonly #store: ParameterStore;

  protected constructor(weights: WeightMap, facts: IqaModelFacts, takeLayers: (store: ParameterStore) => Layers) {
    this.id = facts.id;
    this.lowerBetter = facts.lowerBetter;
    this.scoreRange = facts.scoreRange;
    this.input = facts.input;
    this.normalization = facts.normalization;
    const store = new ParameterStore(weights);
    try {
      this.layers = takeLayers(store);
    } catch (error) {
      store.dispose();
      throw error;
    }
    this.#store = store;
  }

  abstract score(images: tf.Tensor4D): tf.Tensor1D;

  get trainableVariables(): readonly tf.Variable[] {
    return this.#store.trainableVariables;
  }

  /** Current weights under their canonical (state-dict) names, PyTorch layout (for safetensors export). */
  exportWeights(): WeightMap {
    return this.#store.toWeightMap();
  }

  dispose(): void {
    this.#store.dispose();
  }
}
