import { WeightsError } from './weights-error';
import type { WeightMap, WeightTensor } from './weight-map';

/** A tensor an architecture expects: its canonical name and shape (PyTorch layout). */
export interface TensorSpec {
  readonly name: string;
  readonly shape: readonly number[];
}

/**
 * How the tensor names of a source file become an architecture's canonical names. Applied in
 * this order: strip one leading prefix (DataParallel's `module.`), rename by prefix (first match
 * wins), then drop names matching `ignore` (e.g. BatchNorm's `num_batches_tracked`).
 */
export interface NameMapRules {
  /** Leading prefixes dropped from source names; default `['module.']`. */
  readonly stripPrefixes?: readonly string[];
  /** `[sourcePrefix, targetPrefix]` pairs. */
  readonly renames?: ReadonlyArray<readonly [from: string, to: string]>;
  /** Source tensors (after renaming) that are dropped silently. */
  readonly ignore?: readonly RegExp[];
}

export interface NameMapResult {
  /** The mapped tensors under canonical names, in the order of the expected specs. */
  readonly weights: WeightMap;
  /** Canonical names absent from the source. */
  readonly missing: readonly string[];
  /** Source names (as in the file) the architecture does not use. */
  readonly unexpected: readonly string[];
  /** Source names dropped by `ignore`. */
  readonly ignored: readonly string[];
}

/** The canonical name of one source name under `rules`. */
export function mapWeightName(sourceName: string, rules: NameMapRules): string {
  let name = sourceName;
  for (const prefix of rules.stripPrefixes ?? ['module.']) {
    if (name.startsWith(prefix)) {
      name = name.slice(prefix.length);
      break;
    }
  }
  for (const [from, to] of rules.renames ?? []) {
    if (name.startsWith(from)) return to + name.slice(from.length);
  }
  return name;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((dim, i) => dim === b[i]);
}

function list(names: readonly string[]): string {
  const shown = names.slice(0, 8).map((name) => `"${name}"`).join(', ');
  return names.length > 8 ? `${shown} and ${names.length - 8} more` : shown;
}

/**
 * Maps a source state dict onto an architecture's expected tensors with strict shape checks.
 * A shape mismatch always throws SHAPE_MISMATCH naming the tensor and both shapes. With
 * `strict` (the default) missing tensors throw MISSING_TENSOR and unused ones UNEXPECTED_TENSOR,
 * each listing the names; without, they are only reported in the result.
 */
export function applyNameMap(
  source: WeightMap,
  expected: readonly TensorSpec[],
  rules: NameMapRules = {},
  options: { readonly strict?: boolean } = {},
): NameMapResult {
  const strict = options.strict ?? true;
  const wanted = new Map(expected.map((spec) => [spec.name, spec]));
  const found = new Map<string, { readonly sourceName: string; readonly tensor: WeightTensor }>();
  const unexpected: string[] = [];
  const ignored: string[] = [];

  for (const [sourceName, tensor] of source) {
    const name = mapWeightName(sourceName, rules);
    if ((rules.ignore ?? []).some((pattern) => pattern.test(name))) {
      ignored.push(sourceName);
      continue;
    }
    const spec = wanted.get(name);
    if (spec === undefined) {
      unexpected.push(sourceName);
      continue;
    }
    const previous = found.get(name);
    if (previous !== undefined) {
      throw new WeightsError('MALFORMED_FILE', `tensors "${previous.sourceName}" and "${sourceName}" both map to "${name}"`, name);
    }
    if (!sameShape(tensor.shape, spec.shape)) {
      const label = sourceName === name ? `"${name}"` : `"${sourceName}" (→ "${name}")`;
      throw new WeightsError(
        'SHAPE_MISMATCH',
        `tensor ${label} has shape [${tensor.shape.join(', ')}] in the file, the architecture expects [${spec.shape.join(', ')}]`,
        name,
      );
    }
    found.set(name, { sourceName, tensor });
  }

  const missing = expected.map((spec) => spec.name).filter((name) => !found.has(name));
  if (strict && missing.length > 0) {
    throw new WeightsError('MISSING_TENSOR', `${missing.length} tensor(s) missing from the weights: ${list(missing)}`, missing[0]);
  }
  if (strict && unexpected.length > 0) {
    throw new WeightsError('UNEXPECTED_TENSOR', `${unexpected.length} tensor(s) the architecture does not use: ${list(unexpected)}`, unexpected[0]);
  }

  const weights: WeightMap = new Map();
  for (const spec of expected) {
    const entry = found.get(spec.name);
    if (entry !== undefined) weights.set(spec.name, entry.tensor);
  }
  return { weights, missing, unexpected, ignored };
}
