import { WeightsError } from '../weights/weights-error';

/** The largest text parameter file read (OpenCV SVM YAML, LIBSVM model, range/normalize files). */
export const MAX_PARAMETER_TEXT_BYTES = 32 * 2 ** 20;

/** Canonical tensor names of an RBF ε-SVR with feature scaling to [-1, 1] (BRISQUE). */
export const SVR_TENSORS = {
  supportVectors: 'svr.support_vectors',
  dualCoef: 'svr.dual_coef',
  rho: 'svr.rho',
  gamma: 'svr.gamma',
  scaleMin: 'scale.min',
  scaleMax: 'scale.max',
} as const;

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const NON_FINITE = /^[-+]?(?:\.?inf(?:inity)?|\.?nan)$/i;

/**
 * Parses one decimal number of a parameter text file strictly: finite, plain decimal or
 * exponent notation. `where` names the file and line (and field) for the error.
 */
export function parseStrictNumber(token: string, where: string): number {
  if (NON_FINITE.test(token)) throw new WeightsError('NON_FINITE_WEIGHTS', `${where}: "${token}" is not a finite number`);
  if (!NUMBER.test(token)) throw new WeightsError('MALFORMED_FILE', `${where}: "${token}" is not a number`);
  const value = Number(token);
  if (!Number.isFinite(value)) throw new WeightsError('NON_FINITE_WEIGHTS', `${where}: "${token}" is out of range`);
  const single = Math.fround(value);
  if (!Number.isFinite(single)) throw new WeightsError('NON_FINITE_WEIGHTS', `${where}: "${token}" is beyond the float32 range`);
  return value;
}

/** Refuses text over MAX_PARAMETER_TEXT_BYTES or with NUL bytes, and decodes it as UTF-8. */
export function decodeParameterText(bytes: Uint8Array, file: string): string {
  if (bytes.length > MAX_PARAMETER_TEXT_BYTES) {
    throw new WeightsError('LIMIT_EXCEEDED', `${file}: ${bytes.length} bytes, over the ${MAX_PARAMETER_TEXT_BYTES}-byte limit for parameter text files`);
  }
  if (bytes.includes(0)) throw new WeightsError('UNSUPPORTED_FORMAT', `${file}: binary data (NUL bytes) in a text parameter file`);
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** Checks a scaling range: two finite vectors of `dim` values with max > min everywhere. */
export function checkScaleRange(min: readonly number[], max: readonly number[], dim: number, file: string): void {
  if (min.length !== dim || max.length !== dim) {
    throw new WeightsError('SHAPE_MISMATCH', `${file}: feature range has ${min.length} minima and ${max.length} maxima, the SVR has ${dim} features`, SVR_TENSORS.scaleMin);
  }
  for (let i = 0; i < dim; i++) {
    if (!((max[i] as number) > (min[i] as number))) {
      throw new WeightsError('MALFORMED_FILE', `${file}: feature ${i + 1}: max ${max[i]} is not above min ${min[i]}`, SVR_TENSORS.scaleMin);
    }
  }
}
