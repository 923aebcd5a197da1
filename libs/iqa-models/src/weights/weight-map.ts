import { WeightsError } from './weights-error';

/** One tensor of a state dict: row-major (C order) float32 data and its shape. */
export interface WeightTensor {
  readonly shape: number[];
  readonly data: Float32Array;
}

/** A loaded state dict, in file order: tensor name → shape + float32 data. */
export type WeightMap = Map<string, WeightTensor>;

/** Number of elements of a shape (1 for a scalar `[]`). */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

/**
 * Drops a leading `prefix` (by default DataParallel's `module.`) from every name that has it,
 * keeping order; names without it stay as they are. Throws MALFORMED_FILE when stripping makes
 * two names equal.
 */
export function stripModulePrefix(map: WeightMap, prefix = 'module.'): WeightMap {
  const out: WeightMap = new Map();
  for (const [name, tensor] of map) {
    const bare = name.startsWith(prefix) ? name.slice(prefix.length) : name;
    if (out.has(bare)) {
      throw new WeightsError('MALFORMED_FILE', `tensor "${name}": "${bare}" already present after stripping "${prefix}"`, name);
    }
    out.set(bare, tensor);
  }
  return out;
}

/**
 * The tensor `name` of `map`, checked against `expectedShape`. Throws MISSING_TENSOR or
 * SHAPE_MISMATCH, both naming the tensor.
 */
export function takeTensor(map: WeightMap, name: string, expectedShape: readonly number[]): WeightTensor {
  const tensor = map.get(name);
  if (tensor === undefined) {
    throw new WeightsError('MISSING_TENSOR', `tensor "${name}" is missing`, name);
  }
  const same =
    tensor.shape.length === expectedShape.length && tensor.shape.every((dim, i) => dim === expectedShape[i]);
  if (!same) {
    throw new WeightsError(
      'SHAPE_MISMATCH',
      `tensor "${name}" has shape [${tensor.shape.join(', ')}], expected [${expectedShape.join(', ')}]`,
      name,
    );
  }
  return tensor;
}
