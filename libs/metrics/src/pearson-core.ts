import { MetricsError } from './metrics-error';
import type { NumericArray } from './numeric-array';

/**
 * Pearson's r of two validated, equal-length, finite vectors (internal; `plcc` and `srocc` check their
 * inputs first). Two-pass: centre on the means, normalise each centred vector, dot product; clamped to
 * [−1, 1]. This is the computation of `scipy.stats.pearsonr`.
 *
 * @throws MetricsError `CONSTANT_INPUT` when either vector is constant (r undefined).
 */
export function pearsonCore(metric: string, x: NumericArray, y: NumericArray, names: readonly [string, string]): number {
  const n = x.length;
  assertNotConstant(metric, names[0], x);
  assertNotConstant(metric, names[1], y);
  let sumX = 0;
  let sumY = 0;
  for (let i = 0; i < n; i++) {
    sumX += x[i] as number;
    sumY += y[i] as number;
  }
  const meanX = sumX / n;
  const meanY = sumY / n;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - meanX;
    const dy = (y[i] as number) - meanY;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const normX = Math.sqrt(sxx);
  const normY = Math.sqrt(syy);
  let r = 0;
  for (let i = 0; i < n; i++) {
    r += (((x[i] as number) - meanX) / normX) * (((y[i] as number) - meanY) / normY);
  }
  return Math.max(-1, Math.min(1, r));
}

function assertNotConstant(metric: string, name: string, values: NumericArray): void {
  const first = values[0] as number;
  for (let i = 1; i < values.length; i++) if (values[i] !== first) return;
  throw new MetricsError('CONSTANT_INPUT', `${metric}: ${name} is constant (all ${values.length} values equal ${first}); the correlation is undefined`);
}
