import { checkScaleRange, decodeParameterText, parseStrictNumber, SVR_TENSORS } from '../classic/svr-tensors';
import { assertFiniteWeights } from './finite-weights';
import { findDuplicateJsonKey } from './json-duplicate-keys';
import { MAX_SVR_FEATURES, MAX_SVR_SUPPORT_VECTORS } from './opencv-svm-yaml-reader';
import type { WeightMap } from './weight-map';
import { WeightsError } from './weights-error';

/** Header keys a LIBSVM ε-SVR model may carry; `probA` (the Laplace scale of `-b 1`) is read and ignored. */
const HEADER_KEYS = new Set(['svm_type', 'kernel_type', 'gamma', 'nr_class', 'total_sv', 'rho', 'probA', 'probB', 'degree', 'coef0']);

/**
 * Reads a LIBSVM text model (`svm_save_model`) of an RBF ε-SVR, e.g. imquality's brisque_svm.txt:
 * a header (`svm_type epsilon_svr`, `kernel_type rbf`, `gamma`, `nr_class 2`, `total_sv`, `rho`),
 * `SV`, then one line per support vector `coef i:v i:v ...` (sparse, 1-based strictly increasing
 * indices; absent ones are 0). Returns the canonical SVR tensors with d = the largest index used
 * (or `features` when given; an index beyond it is SHAPE_MISMATCH). LIBSVM predicts
 * Σᵢ coefᵢ·K(x, svᵢ) − ρ, the same convention as OpenCV. Errors name the file and line.
 */
export function readLibsvmModel(bytes: Uint8Array, file = 'LIBSVM model', features?: number): WeightMap {
  const lines = decodeParameterText(bytes, file).split(/\r?\n/);
  const header = new Map<string, string>();
  let at = 0;
  for (; at < lines.length; at++) {
    const line = (lines[at] as string).trim();
    if (line === 'SV') break;
    if (line === '') continue;
    const [key, ...rest] = line.split(/\s+/);
    if (key === undefined || !HEADER_KEYS.has(key)) throw new WeightsError('MALFORMED_FILE', `${file}: line ${at + 1}: unknown header field "${key}"`);
    if (header.has(key)) throw new WeightsError('DUPLICATE_ENTRY', `${file}: line ${at + 1}: header field "${key}" appears twice`);
    header.set(key, rest.join(' '));
  }
  if (at === lines.length) throw new WeightsError('MALFORMED_FILE', `${file}: no "SV" line`);
  const need = (key: string): string => {
    const value = header.get(key);
    if (value === undefined) throw new WeightsError('MALFORMED_FILE', `${file}: header field "${key}" is missing`);
    return value;
  };
  if (need('svm_type') !== 'epsilon_svr') throw new WeightsError('UNSUPPORTED_FORMAT', `${file}: svm_type "${need('svm_type')}", only epsilon_svr is supported`);
  if (need('kernel_type') !== 'rbf') throw new WeightsError('UNSUPPORTED_FORMAT', `${file}: kernel_type "${need('kernel_type')}", only rbf is supported`);
  if (need('nr_class') !== '2') throw new WeightsError('MALFORMED_FILE', `${file}: nr_class "${need('nr_class')}", a LIBSVM regression model has 2`);
  const gamma = parseStrictNumber(need('gamma'), `${file}: gamma`);
  if (!(gamma > 0)) throw new WeightsError('MALFORMED_FILE', `${file}: gamma ${gamma} must be positive`, SVR_TENSORS.gamma);
  const rhoText = need('rho');
  if (/\s/.test(rhoText)) throw new WeightsError('MALFORMED_FILE', `${file}: rho has several values, a regression model has one`);
  const rho = parseStrictNumber(rhoText, `${file}: rho`);
  const total = parseStrictNumber(need('total_sv'), `${file}: total_sv`);
  if (!Number.isInteger(total) || total < 1 || total > MAX_SVR_SUPPORT_VECTORS) {
    throw new WeightsError('LIMIT_EXCEEDED', `${file}: total_sv ${total}, expected an integer in 1..${MAX_SVR_SUPPORT_VECTORS}`);
  }

  const coefs: number[] = [];
  const rows: Array<Array<readonly [number, number]>> = [];
  let dim = 0;
  for (at += 1; at < lines.length; at++) {
    const line = (lines[at] as string).trim();
    if (line === '') continue;
    const where = `${file}: line ${at + 1}`;
    if (rows.length === total) throw new WeightsError('SHAPE_MISMATCH', `${where}: more support vectors than total_sv ${total}`, SVR_TENSORS.supportVectors);
    const [coef, ...pairs] = line.split(/\s+/);
    coefs.push(parseStrictNumber(coef as string, `${where} (coefficient)`));
    let last = 0;
    rows.push(
      pairs.map((pair) => {
        const match = /^(\d+):(\S+)$/.exec(pair);
        if (match === null) throw new WeightsError('MALFORMED_FILE', `${where}: "${pair}" is not index:value`);
        const index = Number(match[1]);
        if (index <= last || index > MAX_SVR_FEATURES) {
          throw new WeightsError('MALFORMED_FILE', `${where}: feature index ${index} is not increasing within 1..${MAX_SVR_FEATURES}`);
        }
        last = index;
        dim = Math.max(dim, index);
        return [index, parseStrictNumber(match[2] as string, `${where} (feature ${index})`)] as const;
      }),
    );
  }
  if (rows.length !== total) throw new WeightsError('SHAPE_MISMATCH', `${file}: ${rows.length} support vectors, total_sv is ${total}`, SVR_TENSORS.supportVectors);
  if (features !== undefined) {
    if (dim > features) throw new WeightsError('SHAPE_MISMATCH', `${file}: feature index ${dim} beyond the ${features} features expected`, SVR_TENSORS.supportVectors);
    dim = features;
  }
  if (dim === 0) throw new WeightsError('MALFORMED_FILE', `${file}: the support vectors have no features`);
  const sv = new Float32Array(total * dim);
  rows.forEach((pairs, row) => {
    for (const [index, value] of pairs) sv[row * dim + index - 1] = value;
  });
  const map: WeightMap = new Map([
    [SVR_TENSORS.supportVectors, { shape: [total, dim], data: sv }],
    [SVR_TENSORS.dualCoef, { shape: [total], data: Float32Array.from(coefs) }],
    [SVR_TENSORS.rho, { shape: [1], data: Float32Array.of(rho) }],
    [SVR_TENSORS.gamma, { shape: [1], data: Float32Array.of(gamma) }],
  ]);
  assertFiniteWeights(map, file);
  return map;
}

/**
 * Reads a feature-scaling JSON `{"min_": [d numbers], "max_": [d numbers]}` (imquality's
 * normalize.pickle as JSON: normalize.derived.json) into `scale.min` / `scale.max`. Strict: no
 * other keys, no duplicate keys, finite numbers, max > min.
 */
export function readNormalizeJson(bytes: Uint8Array, file = 'normalize JSON'): WeightMap {
  const text = decodeParameterText(bytes, file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new WeightsError('MALFORMED_FILE', `${file}: not JSON (${(error as Error).message})`);
  }
  const duplicate = findDuplicateJsonKey(text);
  if (duplicate !== null) throw new WeightsError('DUPLICATE_ENTRY', `${file}: key "${duplicate.key}" appears twice`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new WeightsError('MALFORMED_FILE', `${file}: expected an object {min_, max_}`);
  const keys = Object.keys(value).sort();
  if (keys.join(',') !== 'max_,min_') throw new WeightsError('MALFORMED_FILE', `${file}: keys ${keys.join(', ')}; expected exactly min_ and max_`);
  const vector = (key: 'min_' | 'max_'): number[] => {
    const list = (value as Record<string, unknown>)[key];
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_SVR_FEATURES) {
      throw new WeightsError('MALFORMED_FILE', `${file}: ${key} must be a list of 1..${MAX_SVR_FEATURES} numbers`);
    }
    return list.map((x, i) => {
      if (typeof x !== 'number' || !Number.isFinite(x) || !Number.isFinite(Math.fround(x))) {
        throw new WeightsError('NON_FINITE_WEIGHTS', `${file}: ${key}[${i}] is not a finite number`);
      }
      return x;
    });
  };
  const min = vector('min_');
  const max = vector('max_');
  checkScaleRange(min, max, min.length, file);
  return new Map([
    [SVR_TENSORS.scaleMin, { shape: [min.length], data: Float32Array.from(min) }],
    [SVR_TENSORS.scaleMax, { shape: [max.length], data: Float32Array.from(max) }],
  ]);
}
