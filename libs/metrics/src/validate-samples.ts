import { MetricsError } from './metrics-error';
import type { NumericArray } from './numeric-array';

/**
 * Input checks shared by the metric functions (internal; not exported from the package).
 * Each throws a {@link MetricsError} whose message names the metric and the problem.
 */

/** Throws `NON_FINITE` naming the first index that holds NaN or ±Infinity. */
export function assertFinite(metric: string, name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) {
      throw new MetricsError('NON_FINITE', `${metric}: ${name}[${i}] is ${v}; every value must be finite`);
    }
  }
}

/** Throws `TOO_FEW_SAMPLES` when `n < min`. */
export function assertMinSamples(metric: string, n: number, min: number): void {
  if (n < min) {
    throw new MetricsError('TOO_FEW_SAMPLES', `${metric}: needs at least ${min} samples, got ${n}`);
  }
}

/** One vector: at least `min` samples, all finite. */
export function assertSamples(metric: string, name: string, values: NumericArray, min: number): void {
  assertMinSamples(metric, values.length, min);
  assertFinite(metric, name, values);
}

/** Two paired vectors: equal length, at least `min` samples, all finite. Returns the length. */
export function assertPairedSamples(
  metric: string,
  x: NumericArray,
  y: NumericArray,
  min: number,
  names: readonly [string, string] = ['x', 'y'],
): number {
  if (x.length !== y.length) {
    throw new MetricsError(
      'LENGTH_MISMATCH',
      `${metric}: ${names[0]} has ${x.length} values but ${names[1]} has ${y.length}; they must be paired`,
    );
  }
  assertMinSamples(metric, x.length, min);
  assertFinite(metric, names[0], x);
  assertFinite(metric, names[1], y);
  return x.length;
}

/** Throws `INVALID_OPTION` unless `value` is a finite number satisfying `ok`. */
export function assertOption(metric: string, name: string, value: number, ok: (v: number) => boolean, rule: string): void {
  if (!Number.isFinite(value) || !ok(value)) {
    throw new MetricsError('INVALID_OPTION', `${metric}: option ${name} = ${value} is invalid; it must be ${rule}`);
  }
}
