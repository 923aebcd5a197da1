import { mulberry32 } from '@rankfall/metrics';
import type { TensorSpec } from '../weights/name-map';
import type { WeightMap } from '../weights/weight-map';

/** A seeded uniform generator in [0, 1) (mulberry32 from @rankfall/metrics): reproducible initial weights. */
export const seededUniform: (seed: number) => () => number = mulberry32;

/** How to fill one tensor: He-uniform on fan-in (weights), or a constant (biases, BN statistics). */
export type InitRule = { readonly kind: 'he-uniform' } | { readonly kind: 'uniform'; readonly limit: number } | { readonly kind: 'constant'; readonly value: number };

/** Fan-in of a PyTorch-layout weight: in·kh·kw for conv [out,in,kh,kw], in for linear [out,in]. */
function fanIn(shape: readonly number[]): number {
  return shape.slice(1).reduce((product, dim) => product * dim, 1);
}

/**
 * Initial weights for `specs` (PyTorch layouts), each tensor filled by `rule(spec)`: He-uniform
 * draws U(−√(6/fanIn), √(6/fanIn)) like `kaiming_uniform_` with ReLU gain. Deterministic in `seed`.
 */
export function initialWeights(specs: readonly TensorSpec[], rule: (spec: TensorSpec) => InitRule, seed: number): WeightMap {
  const random = seededUniform(seed);
  const map: WeightMap = new Map();
  for (const spec of specs) {
    const numel = spec.shape.reduce((product, dim) => product * dim, 1);
    const data = new Float32Array(numel);
    const init = rule(spec);
    if (init.kind === 'constant') data.fill(init.value);
    else {
      const limit = init.kind === 'uniform' ? init.limit : Math.sqrt(6 / fanIn(spec.shape));
      for (let i = 0; i < numel; i++) data[i] = (2 * random() - 1) * limit;
    }
    map.set(spec.name, { shape: [...spec.shape], data });
  }
  return map;
}

/** The usual rule: weights (rank ≥ 2) He-uniform, every rank-1 tensor zero. */
export function heUniformZeroBias(spec: TensorSpec): InitRule {
  return spec.shape.length >= 2 ? { kind: 'he-uniform' } : { kind: 'constant', value: 0 };
}
