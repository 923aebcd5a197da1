import { skipWithoutFixtures } from '@rankfall/testing';
import { describe, expect, it } from 'vitest';
import { bootstrapCi } from './bootstrap-ci';
import { plcc } from './plcc';
import { srocc } from './srocc';
import { expectMetricsError } from './testing/expect-metrics-error';
import { tiedIntegers, uniformFloats } from './testing/random-samples';
import { column, readFixtureCsv } from './testing/read-fixture-csv';

const mean = (values: Float64Array) => values.reduce((s, v) => s + v, 0) / values.length;

describe('bootstrapCi', () => {
  const x = uniformFloats(101, 200, 0, 100);
  const y = x.map((v, i) => v + 40 * (uniformFloats(102, 200)[i] as number));

  it('gives the identical interval for the same seed and a different one for another seed', () => {
    const first = bootstrapCi(srocc, [x, y], { seed: 919 });
    expect(bootstrapCi(srocc, [x, y], { seed: 919 })).toEqual(first);
    expect(bootstrapCi(srocc, [Float64Array.from(x), Float64Array.from(y)], { seed: 919 })).toEqual(first);
    const other = bootstrapCi(srocc, [x, y], { seed: 920 });
    expect(other.lower).not.toBe(first.lower);
    expect(first.resamples).toBe(1000);
    expect(first.skipped).toBe(0);
    expect(first.confidence).toBe(0.95);
  });

  it('brackets the point estimate and narrows with lower confidence', () => {
    const ci95 = bootstrapCi(plcc, [x, y], { seed: 1 });
    expect(ci95.estimate).toBe(plcc(x, y));
    expect(ci95.lower).toBeLessThan(ci95.estimate);
    expect(ci95.upper).toBeGreaterThan(ci95.estimate);
    const ci50 = bootstrapCi(plcc, [x, y], { seed: 1, confidence: 0.5 });
    expect(ci50.lower).toBeGreaterThan(ci95.lower);
    expect(ci50.upper).toBeLessThan(ci95.upper);
  });

  it('approximates mean ± 1.96·s/√n for the mean of a large sample', () => {
    const sample = uniformFloats(103, 2000);
    const m = sample.reduce((s, v) => s + v, 0) / sample.length;
    const sd = Math.sqrt(sample.reduce((s, v) => s + (v - m) ** 2, 0) / (sample.length - 1));
    const halfWidth = (1.96 * sd) / Math.sqrt(sample.length);
    const ci = bootstrapCi(mean, [sample], { seed: 5, resamples: 4000 });
    expect(Math.abs(ci.lower - (m - halfWidth))).toBeLessThan(0.15 * halfWidth);
    expect(Math.abs(ci.upper - (m + halfWidth))).toBeLessThan(0.15 * halfWidth);
  });

  it('takes the percentiles with linear interpolation between order statistics', () => {
    // A statistic that returns its call number: 0 on the original data, then 1..101 on the resamples.
    let calls = 0;
    const counter = () => calls++;
    const ci = bootstrapCi(counter, [x], { seed: 3, resamples: 101, confidence: 0.9 });
    // sorted values 1..101; h = 100·0.05 = 5 → 6, h = 100·0.95 = 95 → 96
    expect(ci).toMatchObject({ estimate: 0, resamples: 101 });
    expect(ci.lower).toBeCloseTo(6, 12);
    expect(ci.upper).toBeCloseTo(96, 12);
    calls = 0;
    // 1..4: h = 3·0.025 = 0.075 → 1.075, h = 3·0.975 = 2.925 → 3.925
    const small = bootstrapCi(counter, [x], { seed: 3, resamples: 4 });
    expect(small.lower).toBeCloseTo(1.075, 12);
    expect(small.upper).toBeCloseTo(3.925, 12);
  });

  it('keeps pairs together (a statistic of paired equal columns stays exact)', () => {
    const ci = bootstrapCi((a, b) => plcc(a as Float64Array, b as Float64Array), [x, x.map((v) => 2 * v + 1)], { seed: 4 });
    expect(ci.lower).toBeCloseTo(1, 12);
    expect(ci.upper).toBeCloseTo(1, 12);
  });

  it('rethrows degenerate resamples by default and skips them on request', () => {
    // 8 samples with only two distinct x values: some resamples are constant.
    const tx = [0, 0, 0, 0, 0, 0, 0, 1];
    const ty = tiedIntegers(104, 8, 5);
    expectMetricsError(() => bootstrapCi(srocc, [tx, ty], { seed: 6, resamples: 200 }), 'CONSTANT_INPUT');
    const ci = bootstrapCi(srocc, [tx, ty], { seed: 6, resamples: 200, onDegenerate: 'skip' });
    expect(ci.skipped).toBeGreaterThan(0);
    expect(ci.resamples + ci.skipped).toBe(200);
    expect(Number.isFinite(ci.lower) && Number.isFinite(ci.upper)).toBe(true);
  });

  it('always propagates errors that are not MetricsErrors', () => {
    const boom = () => {
      throw new RangeError('boom');
    };
    expect(() => bootstrapCi(boom, [x], { seed: 1, onDegenerate: 'skip' })).toThrow(RangeError);
  });

  it('rejects degenerate input and options with typed errors', () => {
    expectMetricsError(() => bootstrapCi(srocc, [x, y.slice(1)], { seed: 1 }), 'LENGTH_MISMATCH', /arrays\[1\]/);
    expectMetricsError(() => bootstrapCi(mean, [], { seed: 1 }), 'TOO_FEW_SAMPLES');
    expectMetricsError(() => bootstrapCi(mean, [[1]], { seed: 1 }), 'TOO_FEW_SAMPLES');
    expectMetricsError(() => bootstrapCi(mean, [[1, NaN]], { seed: 1 }), 'NON_FINITE');
    expectMetricsError(() => bootstrapCi(() => NaN, [[1, 2]], { seed: 1 }), 'NON_FINITE', /original/);
    expectMetricsError(() => bootstrapCi(mean, [x], { seed: 1, confidence: 1 }), 'INVALID_OPTION', /confidence/);
    expectMetricsError(() => bootstrapCi(mean, [x], { seed: 1, resamples: 1 }), 'INVALID_OPTION', /resamples/);
    expectMetricsError(() => bootstrapCi(mean, [x], { seed: 0.5 }), 'INVALID_OPTION', /seed/);
  });

  describe.skipIf(skipWithoutFixtures())('on the DBCNN/CLIVE fixture', () => {
    it('gives an SROCC interval around the SciPy value 0.8683 that excludes 0.8 and 0.95', () => {
      const columns = readFixtureCsv('sma-dbcnn-livec-test.csv');
      const ci = bootstrapCi(srocc, [column(columns, 'prediction'), column(columns, 'mos')], { seed: 919 });
      expect(ci.lower).toBeLessThan(0.8682857027536618);
      expect(ci.upper).toBeGreaterThan(0.8682857027536618);
      expect(ci.lower).toBeGreaterThan(0.8);
      expect(ci.upper).toBeLessThan(0.95);
    });
  });
});
