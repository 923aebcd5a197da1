import { assertFiniteWeights } from './finite-weights';
import { checkScaleRange, decodeParameterText, parseStrictNumber, SVR_TENSORS } from '../classic/svr-tensors';
import type { WeightMap } from './weight-map';
import { WeightsError } from './weights-error';

/** The most support vectors / features an SVR file may declare (the BRISQUE models have 774 × 36). */
export const MAX_SVR_SUPPORT_VECTORS = 100_000;
export const MAX_SVR_FEATURES = 4096;

interface Line {
  readonly number: number;
  readonly text: string;
}

function linesOf(text: string): Line[] {
  return text.split(/\r?\n/).map((line, i) => ({ number: i + 1, text: line }));
}

/** The one line `key: value` (any indentation) of `lines`; MALFORMED_FILE when absent or repeated. */
function uniqueKey(lines: readonly Line[], key: string, file: string): { line: Line; value: string; index: number } {
  const pattern = new RegExp(`^\\s*${key}:(?:\\s+(.*))?$`);
  const hits = lines.flatMap((line, index) => {
    const match = pattern.exec(line.text);
    return match === null ? [] : [{ line, value: (match[1] ?? '').trim(), index }];
  });
  if (hits.length === 0) throw new WeightsError('MALFORMED_FILE', `${file}: field "${key}" is missing`);
  if (hits.length > 1) throw new WeightsError('DUPLICATE_ENTRY', `${file}: line ${hits[1]?.line.number}: field "${key}" appears again (first on line ${hits[0]?.line.number})`);
  return hits[0] as { line: Line; value: string; index: number };
}

function scalar(lines: readonly Line[], key: string, file: string): number {
  const { line, value } = uniqueKey(lines, key, file);
  return parseStrictNumber(value, `${file}: line ${line.number} (${key})`);
}

/**
 * A flow sequence `[ a, b, ... ]` starting at `lines[start]` after `column`, possibly spanning
 * lines: its numbers and the index of the line holding `]`.
 */
function flowNumbers(lines: readonly Line[], start: number, column: number, file: string, field: string): { values: number[]; end: number } {
  let text = (lines[start] as Line).text.slice(column).trimStart();
  if (!text.startsWith('[')) throw new WeightsError('MALFORMED_FILE', `${file}: line ${(lines[start] as Line).number} (${field}): expected "["`);
  text = text.slice(1);
  const values: number[] = [];
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] as Line;
    if (i > start) text = line.text;
    const close = text.indexOf(']');
    const body = close === -1 ? text : text.slice(0, close);
    if (close !== -1 && text.slice(close + 1).trim() !== '') {
      throw new WeightsError('MALFORMED_FILE', `${file}: line ${line.number} (${field}): text after "]"`);
    }
    for (const token of body.split(',')) {
      const trimmed = token.trim();
      if (trimmed === '') continue;
      values.push(parseStrictNumber(trimmed, `${file}: line ${line.number} (${field})`));
      if (values.length > MAX_SVR_SUPPORT_VECTORS * 4) throw new WeightsError('LIMIT_EXCEEDED', `${file}: line ${line.number} (${field}): too many numbers`);
    }
    if (close !== -1) return { values, end: i };
  }
  throw new WeightsError('MALFORMED_FILE', `${file}: line ${(lines[start] as Line).number} (${field}): "[" is never closed`);
}

function flowField(lines: readonly Line[], key: string, file: string): number[] {
  const { index, line } = uniqueKey(lines, key, file);
  return flowNumbers(lines, index, line.text.indexOf(`${key}:`) + key.length + 1, file, key).values;
}

function expectText(lines: readonly Line[], key: string, expected: string, file: string): void {
  const { line, value } = uniqueKey(lines, key, file);
  if (value !== expected) {
    throw new WeightsError('UNSUPPORTED_FORMAT', `${file}: line ${line.number}: ${key} is "${value}", only ${expected} is supported`);
  }
}

function checkHeader(lines: readonly Line[], file: string): void {
  if (!/^%YAML[: ]1\.[0-9]\s*$/.test(lines[0]?.text ?? '')) {
    throw new WeightsError('UNSUPPORTED_FORMAT', `${file}: not an OpenCV FileStorage YAML file (first line must be %YAML:1.x)`);
  }
}

function count(value: number, what: string, max: number, file: string): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new WeightsError('LIMIT_EXCEEDED', `${file}: ${what} is ${value}, expected an integer in 1..${max}`);
  }
  return value;
}

/**
 * Reads an OpenCV `cv::ml::SVM` YAML file (as written by `SVM::save`) holding an RBF ε-SVR
 * with one decision function, e.g. OpenCV's brisque_model_live.yml. Returns the canonical SVR
 * tensors: `svr.support_vectors` [n, d] (in decision-function order), `svr.dual_coef` [n],
 * `svr.rho` [1] and `svr.gamma` [1]; prediction = Σᵢ coefᵢ·exp(−γ‖x − svᵢ‖²) − ρ. Reads the block
 * style `SVM::save` writes (flow style only for number lists). Strict: every
 * count and shape is checked against the declared `sv_total`/`var_count`, every number must be
 * finite, anything but EPS_SVR/RBF is UNSUPPORTED_FORMAT; errors name the file, line and field.
 */
export function readOpenCvSvmYaml(bytes: Uint8Array, file = 'OpenCV SVM YAML'): WeightMap {
  const lines = linesOf(decodeParameterText(bytes, file));
  checkHeader(lines, file);
  uniqueKey(lines, 'opencv_ml_svm', file);
  expectText(lines, 'svmType', 'EPS_SVR', file);
  expectText(lines, 'type', 'RBF', file);
  const gamma = scalar(lines, 'gamma', file);
  if (!(gamma > 0)) throw new WeightsError('MALFORMED_FILE', `${file}: gamma ${gamma} must be positive`, SVR_TENSORS.gamma);
  const dim = count(scalar(lines, 'var_count', file), 'var_count', MAX_SVR_FEATURES, file);
  const total = count(scalar(lines, 'sv_total', file), 'sv_total', MAX_SVR_SUPPORT_VECTORS, file);
  if (lines.some((line) => /^\s*uncompressed_/.test(line.text))) {
    throw new WeightsError('UNSUPPORTED_FORMAT', `${file}: compressed linear SVM models (uncompressed_sv) are not supported`);
  }

  const svHeader = uniqueKey(lines, 'support_vectors', file);
  const vectors: number[][] = [];
  let i = svHeader.index + 1;
  while (i < lines.length) {
    const line = lines[i] as Line;
    const item = /^(\s*)-\s*\[/.exec(line.text);
    if (item === null) break;
    const { values, end } = flowNumbers(lines, i, line.text.indexOf('-') + 1, file, `support vector ${vectors.length + 1}`);
    if (values.length !== dim) {
      throw new WeightsError('SHAPE_MISMATCH', `${file}: line ${line.number}: support vector ${vectors.length + 1} has ${values.length} values, var_count is ${dim}`, SVR_TENSORS.supportVectors);
    }
    vectors.push(values);
    if (vectors.length > total) break;
    i = end + 1;
  }
  if (vectors.length !== total) {
    throw new WeightsError('SHAPE_MISMATCH', `${file}: ${vectors.length} support vectors listed, sv_total is ${total}`, SVR_TENSORS.supportVectors);
  }

  const functions = lines.filter((line) => /^\s*sv_count:/.test(line.text));
  if (functions.length !== 1) {
    throw new WeightsError('UNSUPPORTED_FORMAT', `${file}: ${functions.length} decision functions, a regression SVM has exactly one`);
  }
  const svCount = count(scalar(lines, 'sv_count', file), 'sv_count', total, file);
  const rho = scalar(lines, 'rho', file);
  const alpha = flowField(lines, 'alpha', file);
  if (alpha.length !== svCount) {
    throw new WeightsError('SHAPE_MISMATCH', `${file}: alpha has ${alpha.length} values, sv_count is ${svCount}`, SVR_TENSORS.dualCoef);
  }
  let order = Array.from({ length: svCount }, (_, k) => k);
  if (lines.some((line) => /^\s*index:/.test(line.text))) {
    order = flowField(lines, 'index', file);
    if (order.length !== svCount || order.some((k) => !Number.isInteger(k) || k < 0 || k >= total)) {
      throw new WeightsError('MALFORMED_FILE', `${file}: index must list ${svCount} support vector numbers in 0..${total - 1}`, SVR_TENSORS.supportVectors);
    }
  } else if (svCount !== total) {
    throw new WeightsError('MALFORMED_FILE', `${file}: sv_count ${svCount} differs from sv_total ${total} and there is no index`);
  }

  const sv = new Float32Array(svCount * dim);
  order.forEach((k, row) => sv.set(vectors[k] as number[], row * dim));
  const map: WeightMap = new Map([
    [SVR_TENSORS.supportVectors, { shape: [svCount, dim], data: sv }],
    [SVR_TENSORS.dualCoef, { shape: [svCount], data: Float32Array.from(alpha) }],
    [SVR_TENSORS.rho, { shape: [1], data: Float32Array.of(rho) }],
    [SVR_TENSORS.gamma, { shape: [1], data: Float32Array.of(gamma) }],
  ]);
  assertFiniteWeights(map, file);
  return map;
}

/**
 * Reads an OpenCV FileStorage YAML file holding a `range` 2×d `!!opencv-matrix` (row 0 = per-feature
 * min, row 1 = max; OpenCV's brisque_range_live.yml): `scale.min` [d] and `scale.max` [d].
 */
export function readOpenCvRangeYaml(bytes: Uint8Array, file = 'OpenCV range YAML'): WeightMap {
  const lines = linesOf(decodeParameterText(bytes, file));
  checkHeader(lines, file);
  const header = uniqueKey(lines, 'range', file);
  if (header.value !== '!!opencv-matrix') {
    throw new WeightsError('UNSUPPORTED_FORMAT', `${file}: line ${header.line.number}: range is "${header.value}", expected !!opencv-matrix`);
  }
  const rows = scalar(lines, 'rows', file);
  const cols = count(scalar(lines, 'cols', file), 'cols', MAX_SVR_FEATURES, file);
  if (rows !== 2) throw new WeightsError('SHAPE_MISMATCH', `${file}: range has ${rows} rows, expected 2 (min, max)`, 'scale.min');
  const dt = uniqueKey(lines, 'dt', file);
  if (dt.value !== 'f' && dt.value !== 'd') {
    throw new WeightsError('UNSUPPORTED_DTYPE', `${file}: line ${dt.line.number}: dt "${dt.value}" (only f and d)`);
  }
  const data = flowField(lines, 'data', file);
  if (data.length !== 2 * cols) {
    throw new WeightsError('SHAPE_MISMATCH', `${file}: data has ${data.length} values, a 2×${cols} matrix needs ${2 * cols}`, SVR_TENSORS.scaleMin);
  }
  const min = data.slice(0, cols);
  const max = data.slice(cols);
  checkScaleRange(min, max, cols, file);
  return new Map([
    [SVR_TENSORS.scaleMin, { shape: [cols], data: Float32Array.from(min) }],
    [SVR_TENSORS.scaleMax, { shape: [cols], data: Float32Array.from(max) }],
  ]);
}
