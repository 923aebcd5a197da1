import type { IqaModel, IqaModelFacts } from '../iqa-model';
import type { NameMapRules, TensorSpec } from '../weights/name-map';
import type { WeightMap } from '../weights/weight-map';

/**
 * An architecture: a TF.js graph built in code from canonical weights (PyTorch names and layouts).
 * Facts (id, lowerBetter, range, input, normalization) come from the catalog entry, never from
 * the architecture, so a variant is a new catalog entry, not a new class.
 */
export interface ArchitectureDefinition<M extends IqaModel = IqaModel> {
  readonly id: string;
  readonly title: string;
  /** Paper / code the architecture follows. */
  readonly reference: string;
  /** Every tensor `build` reads: canonical name and PyTorch-layout shape, in state-dict order. */
  readonly tensorSpecs: readonly TensorSpec[];
  /** How names of the checkpoints this architecture's weights come in map to canonical names. */
  readonly nameMapRules: NameMapRules;
  /** The model; it owns its variables (`dispose()`). Weights must hold every tensor of `tensorSpecs`. */
  build(weights: WeightMap, facts: IqaModelFacts): M;
  /** Seeded initial weights of the right shapes (training from scratch, tests without weight files). */
  initialWeights(seed: number): WeightMap;
}
